import type { ReplayFrame } from '../../../src/engines/agents/replay.js';
import { type Shape, STATE_STYLES } from '../palette.js';

/** Floors the sprite layer can place (a uniform array in the vertex shader); more fall back to 2D. */
export const SPRITE_MAX_FLOORS = 16;

/** Each shape's code in the fragment shader. */
const SHAPE_CODES: Readonly<Record<Shape, number>> = {
  circle: 0,
  triangle: 1,
  square: 2,
  diamond: 3,
  plus: 4,
  cross: 5,
};

const VERTEX = `#version 300 es
in float a_x;
in float a_y;
in uint a_floor;
in uint a_state;
uniform vec3 u_origin[${SPRITE_MAX_FLOORS}];
uniform vec2 u_view;
uniform vec3 u_transform;
uniform float u_size;
flat out uint v_state;
void main() {
  v_state = a_state;
  gl_PointSize = u_size;
  // Away agents (floor 255) and floors not shown are put outside the view.
  if (a_floor >= ${SPRITE_MAX_FLOORS}u || u_origin[a_floor].z < 0.5) {
    gl_Position = vec4(2.0, 2.0, 0.0, 1.0);
    return;
  }
  vec2 px = (u_origin[a_floor].xy + vec2(a_x, a_y)) * u_transform.x + u_transform.yz;
  vec2 clip = px / u_view * 2.0 - 1.0;
  gl_Position = vec4(clip.x, -clip.y, 0.0, 1.0);
}`;

/** The shapes of palette.ts's `markerPath`, in a point's square (-1 … 1, y down). */
const FRAGMENT = `#version 300 es
precision mediump float;
flat in uint v_state;
uniform vec4 u_colour[${STATE_STYLES.length}];
uniform int u_shape[${STATE_STYLES.length}];
out vec4 colour;
void main() {
  uint s = min(v_state, ${STATE_STYLES.length - 1}u);
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  vec2 a = abs(p);
  int shape = u_shape[s];
  bool inside;
  if (shape == 0) inside = dot(p, p) <= 1.0;
  else if (shape == 1) inside = p.y <= 0.8 && a.x <= (p.y + 1.0) / 1.8;
  else if (shape == 2) inside = max(a.x, a.y) <= 0.85;
  else if (shape == 3) inside = a.x + a.y <= 1.0;
  else if (shape == 4) inside = min(a.x, a.y) <= 0.4;
  else inside = abs(a.x - a.y) <= 0.42;
  if (!inside) discard;
  colour = u_colour[s];
}`;

/** Where the floors are and how the view is placed, in device pixels. */
export interface SpriteView {
  /** Canvas size in device pixels. */
  readonly width: number;
  readonly height: number;
  /** Device pixels per metre, and the offset of the world's origin. */
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** A marker's side in device pixels. */
  readonly size: number;
  /** Each floor's origin in metres (x, y) and 1 if it is shown, else 0: three numbers a floor. */
  readonly origins: Float32Array;
}

/**
 * Agents drawn by the GPU as point sprites, one per agent, each cut to its state's shape and
 * coloured in its state's colour: a hundred thousand markers cost one draw call. The frame's typed
 * arrays are uploaded as they are (x, y, floor, state), with no copy and nothing allocated per frame.
 * It draws into its own canvas, which the map then copies onto its 2D canvas in one `drawImage`.
 */
export class AgentSprites {
  readonly canvas: HTMLCanvasElement;
  private readonly gl: WebGL2RenderingContext;
  private readonly buffers: { x: WebGLBuffer; y: WebGLBuffer; floor: WebGLBuffer; state: WebGLBuffer };
  private readonly uniforms: {
    origin: WebGLUniformLocation;
    view: WebGLUniformLocation;
    transform: WebGLUniformLocation;
    size: WebGLUniformLocation;
  };
  /** The largest point the GPU draws, in pixels. */
  readonly maxSize: number;

  /**
   * A sprite layer for `agents` agents, or undefined where WebGL 2 is not available or (unless
   * `software` is set) is drawn by the CPU.
   */
  static create(agents: number, software: boolean): AgentSprites | undefined {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2', { antialias: false, premultipliedAlpha: true });
    if (gl === null || (!software && isSoftware(gl))) return undefined;
    try {
      return new AgentSprites(canvas, gl, agents);
    } catch {
      return undefined;
    }
  }

  private constructor(
    canvas: HTMLCanvasElement,
    gl: WebGL2RenderingContext,
    private readonly agents: number,
  ) {
    this.canvas = canvas;
    this.gl = gl;
    const program = link(gl, VERTEX, FRAGMENT);
    gl.useProgram(program);
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    const attribute = (name: string, bytes: number, integer: boolean): WebGLBuffer => {
      const buffer = gl.createBuffer();
      const at = gl.getAttribLocation(program, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, agents * bytes, gl.DYNAMIC_DRAW);
      gl.enableVertexAttribArray(at);
      if (integer) gl.vertexAttribIPointer(at, 1, gl.UNSIGNED_BYTE, 0, 0);
      else gl.vertexAttribPointer(at, 1, gl.FLOAT, false, 0, 0);
      return buffer;
    };
    this.buffers = {
      x: attribute('a_x', 4, false),
      y: attribute('a_y', 4, false),
      floor: attribute('a_floor', 1, true),
      state: attribute('a_state', 1, true),
    };
    const uniform = (name: string) => {
      const at = gl.getUniformLocation(program, name);
      if (at === null) throw new Error(`the sprite shader has no ${name}`);
      return at;
    };
    this.uniforms = {
      origin: uniform('u_origin'),
      view: uniform('u_view'),
      transform: uniform('u_transform'),
      size: uniform('u_size'),
    };
    const colours = new Float32Array(STATE_STYLES.length * 4);
    const shapes = new Int32Array(STATE_STYLES.length);
    STATE_STYLES.forEach((style, s) => {
      const rgb = Number.parseInt(style.colour.slice(1), 16);
      colours.set([(rgb >> 16) / 255, ((rgb >> 8) & 0xff) / 255, (rgb & 0xff) / 255, 1], s * 4);
      shapes[s] = SHAPE_CODES[style.shape];
    });
    gl.uniform4fv(uniform('u_colour'), colours);
    gl.uniform1iv(uniform('u_shape'), shapes);
    const range = gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE) as Float32Array;
    this.maxSize = range[1] ?? 1;
  }

  /** Draws the frame's agents into `canvas` (resized to the view) and returns it. */
  draw(frame: ReplayFrame, view: SpriteView): HTMLCanvasElement {
    const { gl, canvas, buffers, uniforms } = this;
    if (canvas.width !== view.width || canvas.height !== view.height) {
      canvas.width = view.width;
      canvas.height = view.height;
    }
    gl.viewport(0, 0, view.width, view.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffers.x);
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, frame.x);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffers.y);
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, frame.y);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffers.floor);
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, frame.floor);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffers.state);
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, frame.state);
    gl.uniform3fv(uniforms.origin, view.origins);
    gl.uniform2f(uniforms.view, view.width, view.height);
    gl.uniform3f(uniforms.transform, view.scale, view.offsetX, view.offsetY);
    gl.uniform1f(uniforms.size, Math.min(this.maxSize, view.size));
    gl.drawArrays(gl.POINTS, 0, this.agents);
    return canvas;
  }
}

/** Software renderers: WebGL drawn by the CPU. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Whether WebGL is drawn by the CPU (its renderer's name says so, where the browser tells it). */
function isSoftware(gl: WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  return SOFTWARE_RENDERERS.test(name);
}

function link(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  for (const [type, source] of [
    [gl.VERTEX_SHADER, vertex],
    [gl.FRAGMENT_SHADER, fragment],
  ] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
      throw new Error(`a sprite shader does not compile: ${gl.getShaderInfoLog(shader)}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`the sprite shaders do not link: ${gl.getProgramInfoLog(program)}`);
  return program;
}
