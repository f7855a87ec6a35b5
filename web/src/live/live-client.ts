import type { LiveAnswer, LiveCommand, LiveError, LiveFrame, LiveMessage, LiveReady } from './protocol.js';

/** What the client tells the page. */
export interface LiveListeners {
  ready(run: LiveReady): void;
  frame(frame: LiveFrame): void;
  error(error: LiveError): void;
}

/**
 * The page's end of the live run: starts the worker (a module worker that Vite bundles), sends it
 * commands, and hands each message to the page. `send` resolves with the command's answer, so a
 * test (or a step button) can wait for exactly the frame its command produced.
 */
export class LiveClient {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, (message: LiveAnswer) => void>();

  constructor(private readonly listeners: LiveListeners) {
    this.worker = new Worker(new URL('./live-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<LiveMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      listeners.error({
        type: 'error',
        message: event.message || 'the live run stopped',
        issues: [],
        answer: 0,
      });
    };
  }

  /** Sends a command; resolves with the frame (or error, or records asked for) that answers it. */
  send(command: LiveCommand): Promise<LiveAnswer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, command });
    });
  }

  private receive(message: LiveMessage): void {
    if (message.type === 'ready') {
      this.listeners.ready(message);
      return;
    }
    if (message.type === 'frame') this.listeners.frame(message);
    else if (message.type === 'error') this.listeners.error(message);
    const resolve = this.waiting.get(message.answer);
    if (resolve !== undefined) {
      this.waiting.delete(message.answer);
      resolve(message);
    }
  }
}
