import type { FileStatus } from '../state/file-status';

/** A recording's status as its card and the list of recordings say it. */
export const STATUS_TEXT: Record<FileStatus, string> = {
  queued: 'queued',
  processing: 'processing',
  done: 'done',
  'no-speech': 'no speech',
  error: 'error',
  cancelled: 'cancelled',
};
