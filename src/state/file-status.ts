/** `no-speech`: analysed, and found to hold no voice to classify (silence, noise, music): not a failure. */
export type FileStatus = 'queued' | 'processing' | 'done' | 'no-speech' | 'error' | 'cancelled';

/** Whether a recording's analysis has an outcome to show and keep: a result, no speech, or its failure. */
export const hasOutcome = (status: FileStatus): boolean => status === 'done' || status === 'no-speech' || status === 'error';
