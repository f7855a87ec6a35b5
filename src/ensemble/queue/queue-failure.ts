import { RuntimeFailure } from '../../core/errors.js';

/**
 * The queue failed, not the model: Redis could not be reached, was lost for too long or may
 * evict keys, or a worker refused or failed a job. Exit code 1, as any runtime failure; unlike a
 * failure of the model, running again (or resuming from a checkpoint) may well succeed.
 */
export class QueueFailure extends RuntimeFailure {
  constructor(message: string) {
    super(message);
    this.name = 'QueueFailure';
  }
}
