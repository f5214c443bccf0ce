import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { type FeatureConfig, featureNames } from './config';
import { mfccBasis } from './features';
import type { Normalization } from './model';

type Shape = (number | null)[];

/** Where the window statistics find their inputs, and how they read them. */
export interface WindowStatisticsConfig {
  /** The model input's standardisation, undone first: the statistics are of the features themselves. */
  mean: number[];
  std: number[];
  rmsColumn: number;
  mfccStart: number;
  mfccCount: number;
  melStart: number;
  melCount: number;
  /** Frames whose RMS is at or under this level (the window's pauses and padding) count in no statistic. */
  activeAboveDb: number;
  /** The log-mel bands are re-read as log(mel power + this), not meyda's log(1 + mel power): a knee 20 dB lower. */
  melFloor: number;
}

/**
 * The statistics of a window's speech frames, per feature column: mean, standard deviation and mean
 * absolute change from frame to frame (both of two neighbouring frames active), 3 x features values.
 *
 * The log-mel bands (and the MFCCs from them) are first re-read as log(mel power + 0.01): meyda's
 * log(1 + mel power) is nearly linear under a power of 1, where most bands of speech at the features'
 * -23 dBFS lie (median 0.006), so their statistics would follow the loud bands' level rather than the
 * spectrum's shape. The floor stays above the quietest bands, which hold the room's and the microphone's
 * noise more than the voice. The frame-by-frame members see meyda's columns.
 */
export class WindowStatistics extends layers.Layer {
  static readonly className = 'WindowStatistics';
  private readonly settings: WindowStatisticsConfig;
  /** meyda's MFCC as a [mel bands x MFCC] product: twice the DCT-II rows of `mfccBasis`. */
  private readonly dct: Float32Array;

  constructor(config: WindowStatisticsConfig & { name?: string }) {
    super({ name: config.name, trainable: false });
    // Read field by field: a saved layer's config also holds the base layer's own fields.
    const { mean, std, rmsColumn, mfccStart, mfccCount, melStart, melCount, activeAboveDb, melFloor } = config;
    this.settings = { mean, std, rmsColumn, mfccStart, mfccCount, melStart, melCount, activeAboveDb, melFloor };
    const rows = mfccBasis(melCount, mfccCount);
    this.dct = Float32Array.from({ length: melCount * mfccCount }, (_, j) => 2 * rows[j % mfccCount][Math.floor(j / mfccCount)]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [shape[0], 3 * (shape[2] as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const z = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const s = this.settings;
      const [batch, frames, features] = z.shape;
      const x = tf.add(tf.mul(z, tf.tensor1d(s.std)), tf.tensor1d(s.mean));
      const melPower = tf.relu(tf.expm1(tf.slice(x, [0, 0, s.melStart], [-1, -1, s.melCount])));
      const logMel = tf.log(tf.add(melPower, s.melFloor));
      const dct = tf.tensor2d(this.dct, [s.melCount, s.mfccCount]);
      const mfcc = tf.reshape(tf.matMul(tf.reshape(logMel, [-1, s.melCount]), dct), [batch, frames, s.mfccCount]);
      const columnsOf = (start: number, end: number) => tf.slice(x, [0, 0, start], [-1, -1, end - start]);
      const parts = [
        columnsOf(0, s.mfccStart),
        mfcc,
        columnsOf(s.mfccStart + s.mfccCount, s.melStart),
        logMel,
        columnsOf(s.melStart + s.melCount, features),
      ];
      // Runs of no column (the mel bands come last) are left out: not every backend concatenates them.
      const columns = tf.concat(parts.filter((p) => p.shape[2]! > 0), 2);
      const rms = tf.slice(x, [0, 0, s.rmsColumn], [-1, -1, 1]);
      const active = tf.cast(tf.greater(rms, 10 ** (s.activeAboveDb / 20)), 'float32');
      const count = tf.add(tf.sum(active, 1), 1e-6);
      const mean = tf.div(tf.sum(tf.mul(columns, active), 1), count);
      const deviation = tf.sub(columns, tf.expandDims(mean, 1));
      const std = tf.sqrt(tf.add(tf.div(tf.sum(tf.mul(tf.square(deviation), active), 1), count), 1e-12));
      const pairs = tf.mul(tf.slice(active, [0, 1, 0], [-1, -1, -1]), tf.slice(active, [0, 0, 0], [-1, frames - 1, -1]));
      const change = tf.abs(tf.sub(tf.slice(columns, [0, 1, 0], [-1, -1, -1]), tf.slice(columns, [0, 0, 0], [-1, frames - 1, -1])));
      const delta = tf.div(tf.sum(tf.mul(change, pairs), 1), tf.add(tf.sum(pairs, 1), 1e-6));
      return tf.concat([mean, std, delta], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.settings };
  }
}

tf.serialization.registerClass(WindowStatistics);

/** The statistics layer for windows of `config`'s features standardised by `normalization`. */
export function windowStatistics(config: FeatureConfig, normalization: Normalization): WindowStatistics {
  const names = featureNames(config);
  return new WindowStatistics({
    mean: normalization.mean,
    std: normalization.std,
    rmsColumn: names.indexOf('rms'),
    mfccStart: names.indexOf('mfcc0'),
    mfccCount: config.mfccCount,
    melStart: names.indexOf('mel0'),
    melCount: config.melBands,
    activeAboveDb: -50,
    melFloor: 1e-2,
  });
}
