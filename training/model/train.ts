import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import path from 'node:path';
import type { FeatureConfig } from '../../src/core/config';
import { CLASS_LABELS, EMOTIONS, GENDERS, argmaxKey, classIndex, classOf, emotionProbabilities } from '../../src/core/labels';
import { type Normalization, predictStandardized, standardize } from '../../src/core/model';
import { createRandom, seededShuffle } from '../../src/core/random';
import { type Metrics, computeMetrics } from '../eval/metrics';
import type { WindowSet } from '../features/dataset';
import { parseJsonFile, readIfExists } from '../files';
import { loadModel, saveModel } from '../tf/files';
import { type MemberArchitecture, buildModel } from './architectures';

export interface TrainOptions {
  architecture: MemberArchitecture;
  /** The features' config: the statistics member reads its columns. */
  config: FeatureConfig;
  frames: number;
  features: number;
  epochs: number;
  patience: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Each epoch trains on one window of each clip variant, drawn at random, instead of all of them. */
  crops: boolean;
  /** Cross-entropy, or focal loss (the windows already read well count less). */
  loss: TrainingLoss;
  /** What a window is taught: its class, or (`emotions`) its emotion, half on each gender's class. */
  targets?: TrainingTargets;
  /** Where checkpoints go; a run started with `resume` continues from the last one there. */
  runDir: string;
  resume: boolean;
  onBatch?: (batch: number, batches: number, loss: number) => void;
  onEpoch?: (log: EpochLog) => void;
}

export type EpochLog = z.infer<typeof epochLogSchema>;

export interface TrainResult {
  model: tf.LayersModel;
  history: EpochLog[];
  /** The epoch kept: the best on validation, or the last when there was no validation set. */
  bestEpoch: number;
  /** Absent when there was no validation set (a refit). */
  bestValUar?: number;
}

/**
 * One window of each clip variant (`source`), drawn at random with `seed`: a random crop of every clip and
 * copy per epoch, so that a long clip weighs no more than a short one and each epoch sees other cuts.
 */
export function randomCrops(set: Pick<WindowSet, 'source'>, seed: number): number[] {
  const bySource = new Map<number, number[]>();
  set.source.forEach((s, i) => {
    const windows = bySource.get(s);
    if (windows) windows.push(i);
    else bySource.set(s, [i]);
  });
  const random = createRandom(seed);
  return [...bySource.values()].map((windows) => windows[Math.floor(random() * windows.length)]);
}

/** Per-feature mean and standard deviation over every frame of the training windows (missing values, NaN, left out). */
export function normalizationStats(windows: readonly Float32Array[], features: number): Normalization {
  const sum = new Float64Array(features);
  const sq = new Float64Array(features);
  const frames = new Float64Array(features);
  for (const w of windows) {
    for (let i = 0; i < w.length; i++) {
      if (Number.isNaN(w[i])) continue;
      sum[i % features] += w[i];
      sq[i % features] += w[i] * w[i];
      frames[i % features]++;
    }
  }
  const mean = Array.from(sum, (s, f) => s / Math.max(1, frames[f]));
  const std = Array.from(sq, (s, f) => Math.sqrt(Math.max(s / Math.max(1, frames[f]) - mean[f] ** 2, 0)) || 1);
  return { mean, std };
}

export const TRAINING_LOSSES = ['crossentropy', 'focal'] as const;
export type TrainingLoss = (typeof TRAINING_LOSSES)[number];

/**
 * Focal loss with gamma 2 (Lin et al., 2017): cross-entropy scaled by (1 - p)^2 of the true class, so that
 * windows already read well count less and the hard ones (a sad that sounds neutral) more.
 */
export function focalLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
    return tf.neg(tf.sum(tf.mul(tf.mul(yTrue, tf.square(tf.sub(1, p))), tf.log(p)), -1));
  });
}

const LOSSES: Record<TrainingLoss, string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)> = {
  crossentropy: 'categoricalCrossentropy',
  focal: focalLoss,
};

export const TRAINING_TARGETS = ['classes', 'emotions'] as const;
/**
 * `classes`: each window's gender_emotion class. `emotions`: its emotion alone, as half of each gender's
 * class, so that a member joined to others by a product learns emotion and leaves the gender to them.
 */
export type TrainingTargets = (typeof TRAINING_TARGETS)[number];

/** The class a label counts as for its weight: itself, or with `emotions` targets its emotion's first class. */
const weightClass = (label: number, targets: TrainingTargets) => (targets === 'emotions' ? EMOTIONS.indexOf(classOf(label).emotion) : label);

/**
 * Weights each class by how rare it is in training (a rare class counts more), capped at 10. With `emotions`
 * targets, by how rare its emotion is, the same for both genders' classes: tfjs weighs a window by the argmax
 * of its target, which is then the female class of the pair.
 */
export function classWeights(labels: readonly number[], classes: number, targets: TrainingTargets = 'classes'): Record<number, number> {
  const groups = targets === 'emotions' ? EMOTIONS.length : classes;
  const counts = new Array<number>(groups).fill(0);
  for (const l of labels) counts[weightClass(l, targets)]++;
  const weights: Record<number, number> = {};
  for (let c = 0; c < classes; c++) {
    const n = counts[weightClass(c, targets)];
    weights[c] = n ? Math.min(10, labels.length / (groups * n)) : 1;
  }
  return weights;
}

/** The standardised windows of a batch, as the app standardises them. */
function batchInputs(set: WindowSet, indices: readonly number[], norm: Normalization, frames: number, features: number): tf.Tensor3D {
  return standardize(
    indices.map((i) => set.windows[i]),
    frames,
    features,
    norm,
  );
}

/** Training targets of labels, one row of 14 each: one-hot classes, or each emotion as half of both its genders' classes. */
export function targetRows(labels: readonly number[], targets: TrainingTargets): Float32Array {
  const y = new Float32Array(labels.length * CLASS_LABELS.length);
  labels.forEach((label, row) => {
    const { gender, emotion } = classOf(label);
    const genders = targets === 'emotions' ? GENDERS : [gender];
    for (const g of genders) y[row * CLASS_LABELS.length + classIndex(g, emotion)] = 1 / genders.length;
  });
  return y;
}

/** The targets of a batch. */
function batchLabels(set: WindowSet, indices: readonly number[], targets: TrainingTargets): tf.Tensor2D {
  const labels = indices.map((i) => set.labels[i]);
  return tf.tensor2d(targetRows(labels, targets), [labels.length, CLASS_LABELS.length]);
}

/** Window probabilities (uncalibrated) for a whole set, through the app's prediction path. */
export function predictSet(model: tf.LayersModel, set: WindowSet, norm: Normalization, frames: number, features: number): Promise<Float32Array[]> {
  return predictStandardized(model, set.windows, { frames, features, normalization: norm, batchSize: 128 });
}

export interface ClipPrediction {
  clip: number;
  label: number;
  corpus: string;
  probs: Float32Array;
}

/** Clip-level predictions: each clip's windows averaged, as `summarize` does in the app. */
export function clipPredictions(set: WindowSet, probs: readonly Float32Array[]): ClipPrediction[] {
  const byClip = new Map<number, { label: number; corpus: string; probs: Float32Array; n: number }>();
  set.clip.forEach((clip, i) => {
    if (set.augmented[i]) return;
    const entry = byClip.get(clip) ?? { label: set.labels[i], corpus: set.corpus[i], probs: new Float32Array(CLASS_LABELS.length), n: 0 };
    probs[i].forEach((p, k) => (entry.probs[k] += p));
    entry.n++;
    byClip.set(clip, entry);
  });
  return [...byClip].map(([clip, e]) => ({ clip, label: e.label, corpus: e.corpus, probs: e.probs.map((p) => p / e.n) }));
}

/** Clip-level 7-emotion metrics: the same scoring as the evaluator's, on clip predictions. */
function emotionMetrics(clips: readonly Pick<ClipPrediction, 'label' | 'probs'>[]): Metrics {
  const truth = clips.map((c) => EMOTIONS.indexOf(classOf(c.label).emotion));
  const predicted = clips.map((c) => EMOTIONS.indexOf(argmaxKey(emotionProbabilities(c.probs))));
  return computeMetrics(truth, predicted, EMOTIONS);
}

/**
 * The validation score that chooses the epoch: the mean over corpora of each corpus's clip-level UAR, so that
 * a large, easy corpus (TESS) cannot hide a drop on the hard one (RAVDESS).
 */
export function validationScores(clips: readonly ClipPrediction[]): { uar: number; accuracy: number; byCorpus: Record<string, number> } {
  const corpora = [...new Set(clips.map((c) => c.corpus))].sort();
  const byCorpus = Object.fromEntries(corpora.map((k) => [k, emotionMetrics(clips.filter((c) => c.corpus === k)).uar]));
  const uar = corpora.reduce((sum, k) => sum + byCorpus[k], 0) / Math.max(1, corpora.length);
  return { uar, accuracy: emotionMetrics(clips).accuracy, byCorpus };
}

const epochLogSchema = z.object({
  epoch: z.number().int(),
  loss: z.number(),
  /** Mean over corpora of the clip-level validation UAR (the selection score); absent without validation. */
  valUar: z.number().optional(),
  valUarByCorpus: z.record(z.string(), z.number()).optional(),
  valAccuracy: z.number().optional(),
  seconds: z.number(),
});

/** What a checkpoint's state.json holds beside the weights and the optimizer's tensors. */
const checkpointSchema = z.object({
  epoch: z.number().int().nonnegative(),
  bestEpoch: z.number().int().nonnegative(),
  bestValUar: z.number(),
  history: z.array(epochLogSchema),
  optimizer: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()) })),
});

type Checkpoint = z.infer<typeof checkpointSchema>;

async function saveCheckpoint(model: tf.LayersModel, state: Checkpoint, dir: string): Promise<void> {
  await saveModel(model, path.join(dir, 'last'));
  const weights = await model.optimizer.getWeights();
  state.optimizer = weights.map((w) => ({ name: w.name, shape: w.tensor.shape }));
  const values = await Promise.all(weights.map((w) => w.tensor.data() as Promise<Float32Array>));
  const flat = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  let o = 0;
  for (const v of values) {
    flat.set(v, o);
    o += v.length;
  }
  await writeFile(path.join(dir, 'optimizer.bin'), flat);
  await writeFile(path.join(dir, 'state.json'), `${JSON.stringify(state, null, 1)}\n`);
}

async function restoreOptimizer(model: tf.LayersModel, state: Checkpoint, dir: string): Promise<void> {
  const bytes = await readFile(path.join(dir, 'optimizer.bin'));
  const flat = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let o = 0;
  const named = state.optimizer.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(flat.slice(o, o + size), shape);
    o += size;
    return { name, tensor };
  });
  await model.optimizer.setWeights(named);
}

/**
 * Trains with Adam and class weights, in a seeded order, scoring validation UAR (7 emotions, clip level,
 * mean over corpora) after each epoch; keeps the best epoch's weights and stops after `patience` epochs
 * without a gain. With an empty validation set (a refit) it trains all `epochs` and keeps the last.
 * Every epoch leaves a checkpoint (weights, optimizer state, history) that `resume` continues from.
 */
export async function trainModel(train: WindowSet, val: WindowSet, norm: Normalization, options: TrainOptions): Promise<TrainResult> {
  const { frames, features, batchSize } = options;
  const checkpointDir = path.join(options.runDir, 'checkpoint');
  const bestDir = path.join(options.runDir, 'best');
  await mkdir(checkpointDir, { recursive: true });
  let model = buildModel(options.architecture, frames, features, CLASS_LABELS.length, options.seed, { config: options.config, normalization: norm });
  let state: Checkpoint = { epoch: 0, bestEpoch: 0, bestValUar: -1, history: [], optimizer: [] };
  const compile = (m: tf.LayersModel) => m.compile({ optimizer: tf.train.adam(options.learningRate), loss: LOSSES[options.loss] });
  compile(model);
  if (options.resume) {
    const stateFile = path.join(checkpointDir, 'state.json');
    const saved = await readIfExists(stateFile);
    if (saved !== null) {
      state = parseJsonFile(stateFile, saved, checkpointSchema);
      model.dispose();
      model = await loadModel(path.join(checkpointDir, 'last'));
      compile(model);
      await restoreOptimizer(model, state, checkpointDir);
    }
  }
  const validates = val.windows.length > 0;
  const targets = options.targets ?? 'classes';
  const weights = classWeights(train.labels, CLASS_LABELS.length, targets);
  const perEpoch = options.crops ? new Set(train.source).size : train.windows.length;
  const batches = Math.ceil(perEpoch / batchSize);
  for (let epoch = state.epoch + 1; epoch <= options.epochs; epoch++) {
    if (validates && epoch - state.bestEpoch > options.patience && state.bestEpoch > 0) break;
    const started = performance.now();
    const epochSeed = options.seed * 1000 + epoch;
    const order = seededShuffle(options.crops ? randomCrops(train, epochSeed) : Array.from(train.windows.keys()), epochSeed);
    let lossSum = 0;
    const dataset = tf.data.generator(function* () {
      for (let b = 0; b < batches; b++) {
        const indices = order.slice(b * batchSize, (b + 1) * batchSize);
        yield { xs: batchInputs(train, indices, norm, frames, features), ys: batchLabels(train, indices, targets) };
      }
    });
    await model.fitDataset(dataset, {
      epochs: 1,
      verbose: 0,
      classWeight: weights,
      callbacks: {
        onBatchEnd: async (batch, logs) => {
          lossSum += logs?.loss ?? 0;
          options.onBatch?.(batch + 1, batches, lossSum / (batch + 1));
        },
      },
    });
    const scores = validates ? validationScores(clipPredictions(val, await predictSet(model, val, norm, frames, features))) : undefined;
    const log: EpochLog = {
      epoch,
      loss: lossSum / batches,
      valUar: scores?.uar,
      valUarByCorpus: scores?.byCorpus,
      valAccuracy: scores?.accuracy,
      seconds: (performance.now() - started) / 1000,
    };
    state.history.push(log);
    state.epoch = epoch;
    if (!scores) state.bestEpoch = epoch;
    else if (scores.uar > state.bestValUar) {
      state.bestValUar = scores.uar;
      state.bestEpoch = epoch;
      await saveModel(model, bestDir);
    }
    await saveCheckpoint(model, state, checkpointDir);
    options.onEpoch?.(log);
  }
  model.dispose();
  // Without validation the last epoch is kept: the checkpoint's own weights.
  const best = await loadModel(validates ? bestDir : path.join(checkpointDir, 'last'));
  return { model: best, history: state.history, bestEpoch: state.bestEpoch, bestValUar: validates ? state.bestValUar : undefined };
}
