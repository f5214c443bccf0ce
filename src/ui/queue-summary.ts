import type { FileStatus } from '../state/file-status';

/**
 * One line on a list of recordings: while some wait, how far the queue is; after, how many got a result and
 * how many did not, telling recordings with no voice in them apart from failures. Empty for a single
 * recording, whose own card says it all.
 */
export function queueSummary(statuses: readonly FileStatus[]): string {
  if (statuses.length < 2) return '';
  const count = (status: FileStatus) => statuses.filter((s) => s === status).length;
  const [done, noSpeech, failed, cancelled] = [count('done'), count('no-speech'), count('error'), count('cancelled')];
  const ended = done + noSpeech + failed + cancelled;
  const others = [noSpeech > 0 && `${noSpeech} with no speech`, failed > 0 && `${failed} failed`, cancelled > 0 && `${cancelled} cancelled`]
    .filter(Boolean)
    .join(', ');
  if (ended < statuses.length) return `Analysing: ${ended} of ${statuses.length} done${others && ` (${others})`}, one at a time in the order they came`;
  return `${statuses.length} recordings: ${done} with a result${others && `, ${others}`}`;
}
