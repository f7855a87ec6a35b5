/**
 * The signals that stop a run, and the exit code of each (128 + the signal's number, as shells show
 * it): Ctrl-C, `kill`, and the terminal closing (SIGHUP, handled as SIGTERM is).
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** A signal that stops a run. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** A stop signal (Ctrl-C, `kill`) ended the run before its outputs were in place. */
export class Interrupted extends Error {
  /** 130 for SIGINT (Ctrl-C), 143 for SIGTERM, 129 for SIGHUP. */
  readonly exitCode: number;

  constructor(signal: StopSignal = 'SIGINT') {
    super(`interrupted by ${signal}: no outputs were written`);
    this.name = 'Interrupted';
    this.exitCode = STOP_SIGNALS[signal];
  }
}

/**
 * From now until the returned function is called, SIGINT, SIGTERM and SIGHUP abort `controller` (with an
 * `Interrupted` as its reason) instead of ending the process, so the run can stop cleanly at its
 * next chance. A second signal does not wait: it calls `cleanUp` and exits at once.
 */
export function catchStopSignals(controller: AbortController, cleanUp: () => void): () => void {
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, code]) => {
    const handler = () => {
      if (!controller.signal.aborted) {
        controller.abort(new Interrupted(signal as StopSignal));
        return;
      }
      cleanUp();
      process.exit(code);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => {
    for (const off of handlers) off();
  };
}
