import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from '../../src/core/config';
import { scanDataset } from '../data/scan';
import { planSplit, splitOf } from '../data/split';
import { makeRavdessFixture } from '../testing/fixtures';
import { buildWindows } from './dataset';

describe('training windows', async () => {
  const root = await makeRavdessFixture(12);
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'feature-cache-'));
  afterAll(() => Promise.all([rm(root, { recursive: true }), rm(cacheDir, { recursive: true })]));
  const dataset = await scanDataset(root);
  const plan = planSplit(dataset.clips, 3);
  const options = { config: FEATURE_CONFIG, seed: 3, copies: 2, cacheDir, jobs: 2 };

  it('augments training clips only, and keeps every speaker in one split', async () => {
    const data = await buildWindows(dataset, plan, options);
    expect(data.failures).toEqual([]);
    expect(data.val.augmented.some(Boolean)).toBe(false);
    expect(data.test.augmented.some(Boolean)).toBe(false);
    const trainClips = dataset.clips.filter((c) => splitOf(c, plan) === 'train').length;
    expect(data.train.augmented.filter(Boolean)).toHaveLength(2 * trainClips);
    const speakers = (set: typeof data.train) => new Set(set.clip.map((i) => dataset.clips[i].speaker));
    const [train, val, test] = [speakers(data.train), speakers(data.val), speakers(data.test)];
    expect(test.size).toBeGreaterThan(0);
    expect(val.size).toBeGreaterThan(0);
    for (const s of test) expect(train.has(s) || val.has(s)).toBe(false);
    for (const s of val) expect(train.has(s)).toBe(false);
    expect(data.train.windows[0]).toHaveLength(framesPerWindow(FEATURE_CONFIG) * featureCount(FEATURE_CONFIG));
  });

  it('reads the second run from the cache, with the same windows', async () => {
    const first = await buildWindows(dataset, plan, options);
    const second = await buildWindows(dataset, plan, options);
    expect(second.train.windows).toEqual(first.train.windows);
    expect(second.train.labels).toEqual(first.train.labels);
    // Augmented copies differ from their originals.
    const original = second.train.windows[second.train.augmented.indexOf(false)];
    const copy = second.train.windows[second.train.augmented.indexOf(true)];
    expect(copy).not.toEqual(original);
  });

  it('with a crop hop, cuts training clips more finely, one source per clip variant, and leaves validation and test as the app cuts them', async () => {
    // Half-second windows, so that the 1 s fixture clips hold several crops.
    const config = { ...FEATURE_CONFIG, windowSeconds: 0.5, windowHopSeconds: 0.5 };
    const plain = await buildWindows(dataset, plan, { ...options, config });
    const cropped = await buildWindows(dataset, plan, { ...options, config, cropHopSeconds: 0.1 });
    expect(cropped.train.windows.length).toBeGreaterThan(plain.train.windows.length);
    expect(cropped.val.windows).toEqual(plain.val.windows);
    expect(cropped.test.windows).toEqual(plain.test.windows);
    const trainClips = dataset.clips.filter((c) => splitOf(c, plan) === 'train').length;
    expect(new Set(cropped.train.source).size).toBe(3 * trainClips);
    // A source's windows are all of one clip, and all original or all augmented.
    const of = (i: number) => `${cropped.train.clip[i]}:${cropped.train.augmented[i]}`;
    cropped.train.source.forEach((s, i) => expect(of(i)).toBe(of(cropped.train.source.indexOf(s))));
  }, 180_000);

  it('reports an unreadable file by name and goes on', async () => {
    const broken = { ...dataset, clips: [...dataset.clips, { ...dataset.clips[0], path: 'Actor_01/missing.wav' }] };
    const data = await buildWindows(broken, plan, options);
    expect(data.failures.map((f) => f.path)).toEqual(['Actor_01/missing.wav']);
    expect(data.train.windows.length + data.val.windows.length + data.test.windows.length).toBeGreaterThan(0);
  });
});
