import { createRandom } from '../../src/core/random';
import type { Clip } from './corpora';

export type Split = 'train' | 'val' | 'test';

/** The split kept in `training/split.json`: which groups (speakers, or TESS words) are held out. */
export interface SplitPlan {
  seed: number;
  test: string[];
  val: string[];
}

export const SPLIT_FRACTIONS = { test: 0.2, val: 0.1 };

/**
 * Holds whole groups out, never single files: within each corpus and gender, shuffle the groups (seeded)
 * and take about 20% for test and 10% for validation. A stratum with fewer than 3 groups stays in training;
 * one with 3-4 gives one group to test and none to validation.
 */
export function planSplit(clips: readonly Clip[], seed: number): SplitPlan {
  const strata = new Map<string, Set<string>>();
  for (const clip of clips) {
    const key = `${clip.corpus}/${clip.gender ?? 'unknown'}`;
    if (!strata.has(key)) strata.set(key, new Set());
    strata.get(key)!.add(clip.group);
  }
  const plan: SplitPlan = { seed, test: [], val: [] };
  for (const key of [...strata.keys()].sort()) {
    const groups = [...strata.get(key)!].sort();
    const random = createRandom(seed + hash(key));
    for (let i = groups.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [groups[i], groups[j]] = [groups[j], groups[i]];
    }
    if (groups.length < 3) continue;
    const nTest = Math.max(1, Math.round(groups.length * SPLIT_FRACTIONS.test));
    const nVal = groups.length - nTest >= 4 ? Math.max(1, Math.round(groups.length * SPLIT_FRACTIONS.val)) : 0;
    plan.test.push(...groups.slice(0, nTest));
    plan.val.push(...groups.slice(nTest, nTest + nVal));
  }
  plan.test.sort();
  plan.val.sort();
  return plan;
}

export function splitOf(clip: Clip, plan: SplitPlan): Split {
  if (plan.test.includes(clip.group)) return 'test';
  if (plan.val.includes(clip.group)) return 'val';
  return 'train';
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
