import * as tf from '@tensorflow/tfjs';
import { type FeatureConfig, featureCount } from '../../src/core/config';
import type { Normalization } from '../../src/core/model';
import { logSpectrum } from '../../src/core/log-spectrum';
import { windowStatistics } from '../../src/core/statistics';
import { batchNormalization } from '../tf/batch-norm';

export const ARCHITECTURES = ['lstm', 'conv-lstm', 'cnn', 'tdnn', 'stats'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
/** Members on the speech encoder's frames of a window (`core/encoder/frames`), not on the features. */
export const ENCODER_ARCHITECTURES = ['encoder-conv'] as const;
export type EncoderArchitecture = (typeof ENCODER_ARCHITECTURES)[number];
export type MemberArchitecture = Architecture | EncoderArchitecture;

/**
 * How long each architecture trains unless told otherwise: at most `epochs`, stopping after `patience`
 * epochs without a validation gain. The CNN (batch-normalised) converges in fewer epochs than the LSTMs.
 * With `--refit` (no validation speakers to stop on) it trains `refitEpochs`: the median best epoch of
 * its five cross-validation folds without a refit (sixth round of training/results/EXPERIMENTS.md; the tenth for `stats`).
 */
export const TRAINING_LENGTH: Record<MemberArchitecture, { epochs: number; patience: number; refitEpochs: number }> = {
  lstm: { epochs: 30, patience: 6, refitEpochs: 14 },
  'conv-lstm': { epochs: 30, patience: 6, refitEpochs: 12 },
  cnn: { epochs: 20, patience: 5, refitEpochs: 13 },
  tdnn: { epochs: 30, patience: 6, refitEpochs: 12 },
  stats: { epochs: 30, patience: 6, refitEpochs: 17 },
  // Fixed before its first crossval, as the twentieth round's probe trained it.
  'encoder-conv': { epochs: 30, patience: 5, refitEpochs: 20 },
};

const L = tf.layers;

/** One member of `name`, on windows of `frames` x `features` that `inputs` describes. */
export function buildModel(name: MemberArchitecture, frames: number, features: number, classes: number, seed: number, inputs: WindowInputs): tf.LayersModel {
  const input = tf.input({ shape: [frames, features] });
  if (name === 'encoder-conv') return buildEncoderConv(input, classes, seed);
  if (name === 'stats') return buildStatistics(input, classes, seed, inputs);
  if (name === 'cnn') return buildCnn(input, classes, seed);
  if (name === 'tdnn') return buildTdnn(input, logFrames(input, inputs), classes, seed);
  return buildRecurrent(name, input, classes, seed);
}

/**
 * The TDNN's input: the window with its spectrum on a log scale (`LogSpectrum`), standardised again by a
 * batch normalisation. The other frame-by-frame members read meyda's columns: on this scale they gained
 * nothing (eleventh round of training/results/EXPERIMENTS.md).
 */
function logFrames(input: tf.SymbolicTensor, { config, normalization }: WindowInputs): tf.SymbolicTensor {
  const x = logSpectrum(config, normalization).apply(input) as tf.SymbolicTensor;
  return batchNormalization().apply(x) as tf.SymbolicTensor;
}

/**
 * The seed design's two models, sized for CPU training in the browser's own runtime. Both shorten the
 * sequence to 128 ms steps before the LSTM (by averaging, or by the convolutions' pooling): an LSTM's
 * cost grows with its steps, and the prosody that carries emotion moves slower than that.
 */
function buildRecurrent(name: 'lstm' | 'conv-lstm', input: tf.SymbolicTensor, classes: number, seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const recurrent = (offset: number) => tf.initializers.orthogonal({ seed: seed + offset, gain: 1 });
  const layers: tf.layers.Layer[] = [];
  if (name === 'lstm') {
    layers.push(L.averagePooling1d({ poolSize: 4 }), L.lstm({ units: 64, kernelInitializer: init(1), recurrentInitializer: recurrent(2) }));
  } else {
    layers.push(
      L.conv1d({ filters: 48, kernelSize: 5, padding: 'same', kernelInitializer: init(1) }),
      batchNormalization(),
      L.activation({ activation: 'relu' }),
      L.maxPooling1d({ poolSize: 2 }),
      L.conv1d({ filters: 64, kernelSize: 3, padding: 'same', kernelInitializer: init(2) }),
      batchNormalization(),
      L.activation({ activation: 'relu' }),
      L.maxPooling1d({ poolSize: 2 }),
      L.dropout({ rate: 0.2, seed: seed + 3 }),
      L.lstm({ units: 64, kernelInitializer: init(4), recurrentInitializer: recurrent(5) }),
    );
  }
  layers.push(
    L.dropout({ rate: 0.3, seed: seed + 6 }),
    L.dense({ units: 64, activation: 'relu', kernelInitializer: init(7) }),
    L.dropout({ rate: 0.3, seed: seed + 8 }),
    L.dense({ units: classes, activation: 'softmax', kernelInitializer: init(9) }),
  );
  const output = layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ name, inputs: input, outputs: output });
}

/** What a window holds and how it was standardised: the statistics member reads the features themselves. */
export interface WindowInputs {
  config: FeatureConfig;
  normalization: Normalization;
}

/** Windows of `config`'s features taken as already standardised (mean 0, deviation 1): for tests and timings. */
export function unitInputs(config: FeatureConfig): WindowInputs {
  const n = featureCount(config);
  return { config, normalization: { mean: new Array<number>(n).fill(0), std: new Array<number>(n).fill(1) } };
}

/**
 * A small network on the statistics of the window's speech frames (`WindowStatistics`: mean, spread and
 * frame-to-frame change of every feature, the spectrum on a log scale with a low floor), batch-normalised,
 * one hidden layer of 64. It sees no order at all: the best single member on unseen RAVDESS actors under
 * early stopping, and its errors differ from the frame-by-frame members' (tenth round of
 * training/results/EXPERIMENTS.md).
 */
function buildStatistics(input: tf.SymbolicTensor, classes: number, seed: number, { config, normalization }: WindowInputs): tf.LayersModel {
  let x = windowStatistics(config, normalization).apply(input) as tf.SymbolicTensor;
  x = batchNormalization().apply(x) as tf.SymbolicTensor;
  x = L.dense({
    units: 64,
    activation: 'relu',
    kernelInitializer: tf.initializers.heNormal({ seed: seed + 7 }),
    kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }),
  }).apply(x) as tf.SymbolicTensor;
  x = L.dropout({ rate: 0.3, seed: seed + 8 }).apply(x) as tf.SymbolicTensor;
  const output = L.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(
    x,
  ) as tf.SymbolicTensor;
  return tf.model({ name: 'stats', inputs: input, outputs: output });
}

/** The log-mel bands are the last columns of a window (see `featureNames`). */
export const CNN_MEL_BANDS = 64;

/**
 * A 2-D CNN over the window's log-mel bands as an image (time x mel): four blocks of 3x3 convolution,
 * batch normalisation, ReLU and 2x2 max-pooling (8/16/32/64 channels), then the mean and the maximum
 * over the whole map, so that where in the window (or in which band) a cue appears matters less than
 * whether it appears.
 */
function buildCnn(input: tf.SymbolicTensor, classes: number, seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  const [, frames, features] = input.shape as number[];
  let x = L.reshape({ targetShape: [frames, features, 1] }).apply(input) as tf.SymbolicTensor;
  x = L.cropping2D({
    cropping: [
      [0, 0],
      [features - CNN_MEL_BANDS, 0],
    ],
  }).apply(x) as tf.SymbolicTensor;
  x = L.averagePooling2d({ poolSize: [1, 2] }).apply(x) as tf.SymbolicTensor;
  [8, 16, 32, 64].forEach((filters, i) => {
    x = L.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(i + 1) }).apply(x) as tf.SymbolicTensor;
    x = batchNormalization().apply(x) as tf.SymbolicTensor;
    x = L.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = L.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  });
  const pooled = L.concatenate().apply([L.globalAveragePooling2d({}).apply(x), L.globalMaxPooling2d({}).apply(x)] as tf.SymbolicTensor[]);
  const dropped = L.dropout({ rate: 0.3, seed: seed + 6 }).apply(pooled);
  const output = L.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(
    dropped,
  ) as tf.SymbolicTensor;
  return tf.model({ name: 'cnn', inputs: input, outputs: output });
}

/**
 * A time-delay network with statistics pooling (as in x-vector speaker models): frame-level 1-D
 * convolutions widening the context to about 0.6 s, then the mean and the maximum over the whole window.
 * It has no notion of order beyond its context, so its errors differ from the recurrent members'. It reads
 * `frames`, the window with its spectrum on a log scale.
 */
function buildTdnn(input: tf.SymbolicTensor, frames: tf.SymbolicTensor, classes: number, seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  let x = frames;
  [
    { filters: 64, kernelSize: 5 },
    { filters: 64, kernelSize: 3 },
    { filters: 64, kernelSize: 3 },
    { filters: 128, kernelSize: 1 },
  ].forEach(({ filters, kernelSize }, i) => {
    x = L.conv1d({ filters, kernelSize, padding: 'same', useBias: false, kernelInitializer: init(i + 1) }).apply(x) as tf.SymbolicTensor;
    x = batchNormalization().apply(x) as tf.SymbolicTensor;
    x = L.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    if (i === 1) x = L.maxPooling1d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  });
  const pooled = L.concatenate().apply([L.globalAveragePooling1d({}).apply(x), L.globalMaxPooling1d({}).apply(x)] as tf.SymbolicTensor[]);
  let y = L.dropout({ rate: 0.3, seed: seed + 6 }).apply(pooled) as tf.SymbolicTensor;
  y = L.dense({ units: 64, activation: 'relu', kernelInitializer: init(7) }).apply(y) as tf.SymbolicTensor;
  y = L.dropout({ rate: 0.3, seed: seed + 8 }).apply(y) as tf.SymbolicTensor;
  const output = L.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(
    y,
  ) as tf.SymbolicTensor;
  return tf.model({ name: 'tdnn', inputs: input, outputs: output });
}

/**
 * A small 1-D convolution over the speech encoder's vectors of a window (28 steps of 80 ms, 96 values):
 * two layers of 64 filters 5 steps wide, then the mean over time. Its errors differ from the feature
 * members' (the twentieth round of training/results/EXPERIMENTS.md); an LSTM there read worse.
 */
function buildEncoderConv(input: tf.SymbolicTensor, classes: number, seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const layers = [
    L.conv1d({ filters: 64, kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }),
    L.conv1d({ filters: 64, kernelSize: 5, activation: 'relu', kernelInitializer: init(2) }),
    L.globalAveragePooling1d(),
    L.dropout({ rate: 0.3, seed: seed + 3 }),
    L.dense({ units: classes, activation: 'softmax', kernelInitializer: init(4) }),
  ];
  const output = layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ name: 'encoder-conv', inputs: input, outputs: output });
}
