import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClipName } from './corpora';
import type { Clip } from './corpora';
import { scanDataset } from './scan';
import { type SplitPlan, crossValidationFolds, extendSplit, planSplit, splitOf } from './split';

const DATASETS_DIR = process.env.DATASETS_DIR;
const committedPlan = async () => JSON.parse(await readFile(path.join(import.meta.dirname, '..', 'split.json'), 'utf8')) as SplitPlan;

function cremadClips(): Clip[] {
  const clips: Clip[] = [];
  for (let actor = 1001; actor <= 1091; actor++) {
    for (const emotion of ['ANG', 'SAD', 'NEU']) {
      const reading = readClipName(`AudioWAV/${actor}_IEO_${emotion}_HI.wav`);
      if (reading && 'clip' in reading) clips.push(reading.clip);
    }
  }
  return clips;
}

/** One generated RAVDESS clip for each actor from 1 to `actors` (odd actors male). */
function ravdessClips(actors: number): Clip[] {
  const clips: Clip[] = [];
  for (let actor = 1; actor <= actors; actor++) {
    const id = String(actor).padStart(2, '0');
    const reading = readClipName(`Actor_${id}/03-01-05-01-01-01-${id}.wav`);
    if (reading && 'clip' in reading) clips.push(reading.clip);
  }
  return clips;
}

/** Speakers (not groups) seen in each split: the property that matters for speaker independence. */
function speakersBySplit(clips: Clip[], plan: SplitPlan): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = { train: new Set(), val: new Set(), test: new Set() };
  for (const c of clips) out[splitOf(c, plan)].add(c.speaker ?? c.group);
  return out;
}

describe('speaker-independent split', () => {
  it('keeps every CREMA-D speaker in one split, about 20/10/70, balanced by gender', () => {
    const clips = cremadClips();
    const plan = planSplit(clips, 7);
    const speakers = speakersBySplit(clips, plan);
    for (const s of speakers.test) expect(speakers.train.has(s) || speakers.val.has(s)).toBe(false);
    for (const s of speakers.val) expect(speakers.train.has(s)).toBe(false);
    expect(speakers.test.size).toBe(19); // round(0.2 x 48) + round(0.2 x 43)
    expect(speakers.val.size).toBe(9); // round(0.1 x 48) + round(0.1 x 43)
    expect(planSplit(clips, 7)).toEqual(plan);
    expect(planSplit(clips, 8)).not.toEqual(plan);
  });

  it('keeps strata too small to split whole in training', () => {
    const clips = ['DC', 'JE'].map((s) => (readClipName(`${s}/a01.wav`) as { clip: Clip }).clip);
    expect(planSplit(clips, 1)).toEqual({ seed: 1, test: [], val: [] });
  });

  it('extends a saved split to a corpus added later, leaving the groups it held out where they were', () => {
    const ravdess = ravdessClips(24);
    const saved = planSplit(ravdess, 7);
    const cremad = cremadClips();
    const { plan, added } = extendSplit(saved, [...ravdess, ...cremad]);
    expect(added).toEqual(['cremad/female', 'cremad/male']);
    // The old held-out groups are all kept; CREMA-D gets the groups a fresh plan would give it.
    for (const g of saved.test) expect(plan.test).toContain(g);
    for (const g of saved.val) expect(plan.val).toContain(g);
    const fresh = planSplit(cremad, 7);
    expect(plan.test.filter((g) => g.startsWith('cremad:'))).toEqual(fresh.test);
    expect(plan.val.filter((g) => g.startsWith('cremad:'))).toEqual(fresh.val);
    const speakers = speakersBySplit([...ravdess, ...cremad], plan);
    for (const s of speakers.test) expect(speakers.train.has(s) || speakers.val.has(s)).toBe(false);
    for (const s of speakers.val) expect(speakers.train.has(s)).toBe(false);
    // Once extended, nothing is left to add; a split that knows every corpus is returned as it is.
    expect(extendSplit(plan, [...ravdess, ...cremad]).added).toEqual([]);
    expect(extendSplit(saved, ravdess).plan).toBe(saved);
  });

  it('cross-validates one corpus in folds: each speaker tested once, genders even, other corpora as saved', () => {
    const ravdess = ravdessClips(20);
    const cremad = cremadClips();
    const saved = extendSplit(planSplit(ravdess, 7), [...ravdess, ...cremad]).plan;
    const folds = crossValidationFolds(saved, [...ravdess, ...cremad], 'ravdess', 5);
    expect(folds).toHaveLength(5);
    const tested = folds.flatMap((plan) => plan.test.filter((g) => g.startsWith('ravdess:')));
    expect(tested.sort()).toEqual(ravdess.map((c) => c.group).sort());
    folds.forEach((plan, k) => {
      const test = ravdess.filter((c) => splitOf(c, plan) === 'test');
      expect(test.filter((c) => c.gender === 'female')).toHaveLength(2);
      expect(test.filter((c) => c.gender === 'male')).toHaveLength(2);
      // Validation is the next fold's test share; the other 12 actors train.
      const nextTest = folds[(k + 1) % 5].test.filter((g) => g.startsWith('ravdess:'));
      expect(plan.val.filter((g) => g.startsWith('ravdess:'))).toEqual(nextTest);
      expect(ravdess.filter((c) => splitOf(c, plan) === 'train')).toHaveLength(12);
      expect(plan.test.filter((g) => g.startsWith('cremad:'))).toEqual(saved.test.filter((g) => g.startsWith('cremad:')));
      expect(plan.val.filter((g) => g.startsWith('cremad:'))).toEqual(saved.val.filter((g) => g.startsWith('cremad:')));
      const speakers = speakersBySplit([...ravdess, ...cremad], plan);
      for (const s of speakers.test) expect(speakers.train.has(s) || speakers.val.has(s)).toBe(false);
      for (const s of speakers.val) expect(speakers.train.has(s)).toBe(false);
    });
    expect(crossValidationFolds(saved, [...ravdess, ...cremad], 'ravdess', 5)).toEqual(folds);
  });

  it('refuses folds that cannot train, test and validate on different speakers', () => {
    const ravdess = ravdessClips(6);
    const saved = planSplit(ravdess, 7);
    expect(() => crossValidationFolds(saved, ravdess, 'ravdess', 2)).toThrow(/3 to 6 folds/);
    expect(() => crossValidationFolds(saved, ravdess, 'ravdess', 7)).toThrow(/3 to 6 folds/);
    expect(() => crossValidationFolds(saved, ravdess, 'savee', 3)).toThrow(/No clips of the corpus "savee"/);
    expect(crossValidationFolds(saved, ravdess, 'ravdess', 6).every((plan) => plan.test.length === 1 && plan.val.length === 1)).toBe(true);
  });

  it('commits a split manifest with no group in two splits', async () => {
    const plan = await committedPlan();
    expect(plan.test.filter((g) => plan.val.includes(g))).toEqual([]);
    expect(plan.test.length).toBeGreaterThan(0);
  });

  it.skipIf(!DATASETS_DIR)('puts no speaker of the real corpora in two splits, reproducibly (DATASETS_DIR)', async () => {
    const dataset = await scanDataset(DATASETS_DIR!);
    const plan = await committedPlan();
    expect(planSplit(dataset.clips, plan.seed)).toMatchObject({ test: plan.test, val: plan.val });
    expect(extendSplit(plan, dataset.clips).added).toEqual([]);
    const bySpeaker = speakersBySplit(
      dataset.clips.filter((c) => c.corpus !== 'tess'),
      plan,
    );
    for (const s of bySpeaker.test) expect(bySpeaker.train.has(s) || bySpeaker.val.has(s)).toBe(false);
    for (const s of bySpeaker.val) expect(bySpeaker.train.has(s)).toBe(false);
    // TESS has two speakers only: its words, not its speakers, are kept apart.
    const words = speakersBySplit(
      dataset.clips.filter((c) => c.corpus === 'tess').map((c) => ({ ...c, speaker: c.group })),
      plan,
    );
    for (const w of words.test) expect(words.train.has(w) || words.val.has(w)).toBe(false);
    expect(bySpeaker.test.size).toBeGreaterThanOrEqual(4);
  });
});

if (!DATASETS_DIR) {
  console.warn('DATASETS_DIR is not set: the tests on the real corpora are skipped');
}
