/** The signals that stop a run, and the exit code of each (128 + the signal's number, as shells show it). */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/** A stop signal (Ctrl-C, `kill`) ended the run before its outputs were in place. */
export class Interrupted extends Error {
  /** 130 for SIGINT (Ctrl-C), 143 for SIGTERM. */
  readonly exitCode: number;

  constructor(signal: keyof typeof STOP_SIGNALS = 'SIGINT') {
    super(`interrupted by ${signal}: no outputs were written`);
    this.name = 'Interrupted';
    this.exitCode = STOP_SIGNALS[signal];
  }
}

/**
 * From now until the returned function is called, SIGINT and SIGTERM abort `controller` (with an
 * `Interrupted` as its reason) instead of ending the process, so the run can stop cleanly at its
 * next chance. A second signal does not wait: it calls `cleanUp` and exits at once.
 */
export function catchStopSignals(controller: AbortController, cleanUp: () => void): () => void {
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, code]) => {
    const handler = () => {
      if (!controller.signal.aborted) {
        controller.abort(new Interrupted(signal as keyof typeof STOP_SIGNALS));
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
