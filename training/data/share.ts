import { seededShuffle } from '../../src/core/random';
import type { Clip } from './corpora';

/** How much of a corpus's training clips to train on, by corpus name (`{ nemo: 0.25 }`). */
export type CorpusShares = Readonly<Record<string, number>>;

/** "nemo 25%, cremad 50%" (empty without shares). */
export function describeShares(shares: CorpusShares): string {
  return Object.entries(shares)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([corpus, share]) => `${corpus} ${Math.round(100 * share)}%`)
    .join(', ');
}

/**
 * The training clips that a corpus's share leaves out: of each of its speakers, a seeded `1 - share` of the
 * clips, so that every speaker still trains (speakers are what reads new voices) while the corpus weighs
 * less against the others. `training` lists the indices of the clips in training.
 */
export function leftOutByShare(clips: readonly Clip[], training: readonly number[], shares: CorpusShares, seed: number): Set<number> {
  const bySpeaker = new Map<string, number[]>();
  for (const i of training) {
    const { corpus, speaker, group } = clips[i];
    if (shares[corpus] === undefined) continue;
    const key = `${corpus}:${speaker ?? group}`;
    if (!bySpeaker.has(key)) bySpeaker.set(key, []);
    bySpeaker.get(key)!.push(i);
  }
  const left = new Set<number>();
  for (const indices of bySpeaker.values()) {
    const share = shares[clips[indices[0]].corpus];
    const shuffled = seededShuffle(
      [...indices].sort((a, b) => a - b),
      seed,
    );
    for (const i of shuffled.slice(Math.round(share * indices.length))) left.add(i);
  }
  return left;
}
