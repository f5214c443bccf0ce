import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../../src/core/config';
import type { WindowSet } from '../features/dataset';
import { selectNodeBackend } from '../tf/backend';
import { loadModel } from '../tf/files';
import {
  type ClipPrediction,
  type TrainOptions,
  classWeights,
  focalLoss,
  normalizationStats,
  randomCrops,
  targetRows,
  trainModel,
  validationScores,
} from './train';

describe('focal loss', () => {
  it('is cross-entropy scaled by (1 - p)^2 of the true class', () => {
    const loss = focalLoss(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.25, 0.5, 0.25]]));
    expect(loss.dataSync()[0]).toBeCloseTo(0.25 * Math.log(2), 6);
    // A window read with certainty costs (almost) nothing; one read wrong costs almost its cross-entropy.
    expect(focalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.999, 0.001]])).dataSync()[0]).toBeLessThan(1e-8);
    expect(focalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.01, 0.99]])).dataSync()[0]).toBeCloseTo(0.99 ** 2 * -Math.log(0.01), 4);
  });
});

describe('class weights', () => {
  it('weights a class by its rarity, caps the weight at 10, and gives an absent class 1', () => {
    // 3 classes, 100 labels: 80 of class 0, 20 of class 1, none of class 2.
    const labels = [...new Array(80).fill(0), ...new Array(20).fill(1)];
    const weights = classWeights(labels, 3);
    expect(weights[0]).toBeCloseTo(100 / (3 * 80), 12);
    expect(weights[1]).toBeCloseTo(100 / (3 * 20), 12);
    expect(weights[2]).toBe(1);
    expect(classWeights([...new Array(999).fill(0), 1], 2)[1]).toBe(10);
  });

  it("with emotion targets, weights both genders' classes of an emotion by that emotion's rarity", () => {
    // 14 classes: 30 female_angry (0) and 10 male_angry (7), 20 female_sad (5), no male_sad (12).
    const labels = [...new Array(30).fill(0), ...new Array(10).fill(7), ...new Array(20).fill(5)];
    const weights = classWeights(labels, 14, 'emotions');
    expect(weights[0]).toBeCloseTo(60 / (7 * 40), 12);
    expect(weights[7]).toBe(weights[0]);
    expect(weights[5]).toBeCloseTo(60 / (7 * 20), 12);
    expect(weights[12]).toBe(weights[5]);
    expect(weights[1]).toBe(1);
  });
});

describe('training targets', () => {
  it('are one-hot classes, or an emotion as half of each of its two gender classes', () => {
    // female_sad (5) and male_angry (7).
    const classes = targetRows([5, 7], 'classes');
    expect([...classes.subarray(0, 14)]).toEqual(Array.from({ length: 14 }, (_, k) => (k === 5 ? 1 : 0)));
    expect([...classes.subarray(14)]).toEqual(Array.from({ length: 14 }, (_, k) => (k === 7 ? 1 : 0)));
    const emotions = targetRows([5, 7], 'emotions');
    expect([...emotions.subarray(0, 14)]).toEqual(Array.from({ length: 14 }, (_, k) => (k === 5 || k === 12 ? 0.5 : 0)));
    expect([...emotions.subarray(14)]).toEqual(Array.from({ length: 14 }, (_, k) => (k === 0 || k === 7 ? 0.5 : 0)));
  });
});

describe('random crops', () => {
  // Three clip variants: 0 with windows 0-2, 1 with window 3, 2 with windows 4-5.
  const set = { source: [0, 0, 0, 1, 2, 2] };

  it('draws exactly one window of each clip variant', () => {
    for (let seed = 0; seed < 20; seed++) {
      const drawn = randomCrops(set, seed);
      expect(drawn.map((i) => set.source[i])).toEqual([0, 1, 2]);
    }
  });

  it('draws other windows with other seeds, and the same with the same', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => randomCrops(set, seed).join(',')));
    expect(draws.size).toBeGreaterThan(1);
    expect(randomCrops(set, 5)).toEqual(randomCrops(set, 5));
  });
});

describe('validation score', () => {
  const clip = (label: number, predicted: number, corpus: string): ClipPrediction => {
    const probs = new Float32Array(14);
    probs[predicted] = 1;
    return { clip: 0, label, corpus, probs };
  };

  it('averages the UAR of each corpus, whatever their sizes', () => {
    // 100 easy clips all right, 4 hard ones half right: the pooled UAR would be ~0.98.
    const easy = Array.from({ length: 100 }, (_, i) => clip(i % 7, i % 7, 'easy'));
    const hard = [clip(0, 0, 'hard'), clip(1, 1, 'hard'), clip(0, 2, 'hard'), clip(1, 3, 'hard')];
    const scores = validationScores([...easy, ...hard]);
    expect(scores.byCorpus).toEqual({ easy: 1, hard: 0.5 });
    expect(scores.uar).toBe(0.75);
    expect(scores.accuracy).toBeCloseTo(102 / 104, 12);
  });

  it('counts a male and a female clip of one emotion as the same emotion', () => {
    // Class 7 is male_angry and class 0 female_angry: the emotion is right, the gender wrong.
    expect(validationScores([clip(0, 7, 'x')]).byCorpus.x).toBe(1);
  });
});

describe('training loop', async () => {
  await selectNodeBackend('wasm');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'train-loop-'));
  afterAll(() => rm(dir, { recursive: true }));
  const [frames, features] = [8, 6];
  // One window per class, each class with its own mean: learnable in a few epochs.
  const set = (offset: number): WindowSet => {
    const labels = Array.from({ length: 14 }, (_, k) => k);
    return {
      windows: labels.map((k) => Float32Array.from({ length: frames * features }, (_, i) => k / 7 + Math.sin(i + offset))),
      labels,
      clip: labels,
      corpus: labels.map(() => 'x'),
      augmented: labels.map(() => false),
      source: labels,
    };
  };
  const empty: WindowSet = { windows: [], labels: [], clip: [], corpus: [], augmented: [], source: [] };
  const options = (runDir: string): TrainOptions => ({
    // A member with no front end bound to the feature config's columns: these windows are 8 x 6.
    architecture: 'lstm',
    config: FEATURE_CONFIG,
    frames,
    features,
    epochs: 3,
    patience: 0,
    batchSize: 7,
    learningRate: 1e-2,
    seed: 7,
    runDir,
    resume: false,
    crops: false,
    loss: 'crossentropy',
  });
  const train = set(0);
  const norm = normalizationStats(train.windows, features);
  const predict = (model: tf.LayersModel) =>
    tf.tidy(() => Array.from((model.predict(tf.tensor3d(train.windows.map((w) => Array.from(w)).flat(), [14, frames, features])) as tf.Tensor).dataSync()));

  it('with validation clips, scores each epoch on them and keeps the best', async () => {
    const result = await trainModel(train, set(1), norm, options(path.join(dir, 'validated')));
    expect(result.history.every((h) => typeof h.valUar === 'number')).toBe(true);
    const best = Math.max(...result.history.map((h) => h.valUar!));
    expect(result.bestValUar).toBe(best);
    expect(result.history.find((h) => h.epoch === result.bestEpoch)?.valUar).toBe(best);
    result.model.dispose();
  });

  it('with focal loss, learns too (its gradient runs on the training backend)', async () => {
    const result = await trainModel(train, empty, norm, { ...options(path.join(dir, 'focal')), loss: 'focal' });
    const losses = result.history.map((h) => h.loss);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    result.model.dispose();
  });

  it('with emotion targets, learns too (soft targets, emotion-level class weights)', async () => {
    const result = await trainModel(train, empty, norm, { ...options(path.join(dir, 'emotions')), targets: 'emotions' });
    const losses = result.history.map((h) => h.loss);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    result.model.dispose();
  });

  it('with crops, an epoch trains on one window of each clip variant', async () => {
    // Every variant cut into two windows: 28 windows, 14 variants, so 2 batches of 7 an epoch, not 4.
    const twice: WindowSet = { ...train, ...Object.fromEntries(Object.entries(train).map(([k, v]) => [k, [...v, ...v]])) } as WindowSet;
    const batches = new Set<number>();
    const result = await trainModel(twice, empty, norm, { ...options(path.join(dir, 'crops')), epochs: 1, crops: true, onBatch: (_, n) => batches.add(n) });
    expect([...batches]).toEqual([2]);
    result.model.dispose();
  });

  it('without validation clips (a refit), trains every epoch and keeps the last', async () => {
    const runDir = path.join(dir, 'refit');
    const result = await trainModel(train, empty, norm, options(runDir));
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(result.history.every((h) => h.valUar === undefined)).toBe(true);
    expect(result.bestEpoch).toBe(3);
    expect(result.bestValUar).toBeUndefined();
    const last = await loadModel(path.join(runDir, 'checkpoint', 'last'));
    expect(predict(result.model)).toEqual(predict(last));
    result.model.dispose();
    last.dispose();
  });
});
