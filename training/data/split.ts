import { z } from 'zod';
import { seededShuffle } from '../../src/core/random';
import type { Clip } from './corpora';

export type Split = 'train' | 'val' | 'test';

/** The split kept in `training/split.json`: which groups (speakers, or TESS words) are held out. */
export const splitPlanSchema = z.object({ seed: z.number().int(), test: z.array(z.string()), val: z.array(z.string()) });

export type SplitPlan = z.infer<typeof splitPlanSchema>;

export const SPLIT_FRACTIONS = { test: 0.2, val: 0.1 };

/**
 * Holds whole groups out, never single files: within each corpus and gender, shuffle the groups (seeded)
 * and take about 20% for test and 10% for validation. A stratum with fewer than 3 groups stays in training;
 * one with 3-4 gives one group to test and none to validation.
 */
export function planSplit(clips: readonly Clip[], seed: number): SplitPlan {
  const strata = groupsByStratum(clips);
  const plan: SplitPlan = { seed, test: [], val: [] };
  for (const key of [...strata.keys()].sort()) {
    const groups = seededShuffle([...strata.get(key)!].sort(), seed + hash(key));
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

/**
 * A saved split, extended to corpora it has never seen (say CREMA-D, added to the data later): each stratum
 * none of whose groups the saved plan holds out is planned as `planSplit` would, and every group the saved
 * plan holds out stays where it is, so the figures on the old test split stay comparable. Returns the
 * strata it added (none: the plan is returned unchanged).
 */
export function extendSplit(saved: SplitPlan, clips: readonly Clip[]): { plan: SplitPlan; added: string[] } {
  const heldOut = new Set([...saved.test, ...saved.val]);
  const fresh = planSplit(clips, saved.seed);
  const plan: SplitPlan = { ...saved, test: [...saved.test], val: [...saved.val] };
  const added: string[] = [];
  for (const [key, groups] of [...groupsByStratum(clips)].sort(([a], [b]) => a.localeCompare(b))) {
    if ([...groups].some((g) => heldOut.has(g))) continue;
    const test = fresh.test.filter((g) => groups.has(g));
    const val = fresh.val.filter((g) => groups.has(g));
    if (test.length + val.length === 0) continue;
    plan.test.push(...test);
    plan.val.push(...val);
    added.push(key);
  }
  plan.test.sort();
  plan.val.sort();
  return { plan: added.length ? plan : saved, added };
}

/**
 * K-fold cross-validation over one corpus's groups (speakers), on top of a saved split: fold k tests on its
 * k-th share of the corpus's groups and validates on the next share; every other corpus keeps the saved
 * plan's test and validation groups. Each gender is shuffled (seeded) and dealt in turn, so the folds
 * hold the genders evenly, and every group of the corpus is tested in exactly one fold.
 */
export function crossValidationFolds(saved: SplitPlan, clips: readonly Clip[], corpus: string, folds: number): SplitPlan[] {
  const strata = [...groupsByStratum(clips)].filter(([key]) => key.startsWith(`${corpus}/`)).sort(([a], [b]) => a.localeCompare(b));
  const groups = strata.flatMap(([key, set]) => seededShuffle([...set].sort(), saved.seed + hash(key)));
  if (groups.length === 0) throw new Error(`No clips of the corpus "${corpus}" to cross-validate`);
  if (!Number.isInteger(folds) || folds < 3 || folds > groups.length) {
    throw new Error(`Cross-validation needs 3 to ${groups.length} folds for ${corpus} (${groups.length} groups), not ${folds}`);
  }
  const shares = Array.from({ length: folds }, (_, k) => groups.filter((_, i) => i % folds === k));
  const inCorpus = new Set(groups);
  const keep = (held: string[]) => held.filter((g) => !inCorpus.has(g));
  return shares.map((test, k) => ({
    seed: saved.seed,
    test: [...keep(saved.test), ...test].sort(),
    val: [...keep(saved.val), ...shares[(k + 1) % folds]].sort(),
  }));
}

/** The groups of each stratum: a corpus and a gender. */
function groupsByStratum(clips: readonly Clip[]): Map<string, Set<string>> {
  const strata = new Map<string, Set<string>>();
  for (const clip of clips) {
    const key = `${clip.corpus}/${clip.gender ?? 'unknown'}`;
    if (!strata.has(key)) strata.set(key, new Set());
    strata.get(key)!.add(clip.group);
  }
  return strata;
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
