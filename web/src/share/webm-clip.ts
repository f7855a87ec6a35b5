/** The clip's frame rate: each frame is one time of the range, so this sets how fast it plays. */
export const CLIP_FPS = 25;
/** The most frames a clip holds: a longer range is sampled evenly. */
export const MAX_CLIP_FRAMES = 750;
const VIDEO_BITS_PER_SECOND = 4_000_000;
const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/** Whether this browser can record a WebM clip of a canvas. */
export function canRecordWebm(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' && WEBM_TYPES.some((type) => MediaRecorder.isTypeSupported(type))
  );
}

/** The times of a clip from `from` to `to` on a grid of `step`, at most `MAX_CLIP_FRAMES` of them. */
export function clipTimes(from: number, to: number, step: number): Float64Array {
  const steps = Math.max(0, Math.floor((to - from) / step + 1e-9));
  const stride = Math.max(1, Math.ceil((steps + 1) / MAX_CLIP_FRAMES));
  const times = new Float64Array(Math.floor(steps / stride) + 1);
  for (let k = 0; k < times.length; k++) times[k] = from + k * stride * step;
  return times;
}

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Records a WebM clip of `canvas` showing each of `times` in turn: `show(t)` draws time t (or
 * resolves once it has, for a time that comes from elsewhere, as a live run's worker), and the canvas is captured once it has been drawn (a capture stream at frame rate 0 takes frames only
 * when asked), so the clip holds exactly those frames, whatever the machine's speed. Frames are
 * spaced `1 / CLIP_FPS` apart in wall time, which sets the clip's own timing.
 */
export async function recordClip(
  canvas: HTMLCanvasElement,
  times: Float64Array,
  show: (t: number) => void | Promise<void>,
): Promise<Blob> {
  const type = WEBM_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
  if (type === undefined) throw new Error('this browser cannot record WebM video');
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: VIDEO_BITS_PER_SECOND });
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  const stopped = new Promise<void>((done) => recorder.addEventListener('stop', () => done()));
  recorder.start();
  try {
    for (const t of times) {
      await show(t);
      // Two display frames: the map draws on the first, the capture sees it on the second.
      await nextFrame();
      await nextFrame();
      track.requestFrame();
      await sleep(1000 / CLIP_FPS);
    }
  } finally {
    recorder.stop();
    await stopped;
    track.stop();
  }
  return new Blob(chunks, { type: 'video/webm' });
}
