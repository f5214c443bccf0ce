import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { type FeatureConfig, featureNames } from './config';
import { mfccBasis } from './features';
import type { Normalization } from './model';

type Shape = (number | null)[];

/** Where a window's spectrum columns are, how the window was standardised, and the floor they are re-read with. */
export interface SpectrumColumns {
  /** The model input's standardisation, undone first. */
  mean: number[];
  std: number[];
  mfccStart: number;
  mfccCount: number;
  melStart: number;
  melCount: number;
  /** The log-mel bands are re-read as log(mel power + this), not meyda's log(1 + mel power): a knee 20 dB lower. */
  melFloor: number;
}

/** The columns of `config`'s windows standardised by `normalization`, re-read with a floor of 0.01. */
export function spectrumColumns(config: FeatureConfig, normalization: Normalization): SpectrumColumns {
  const names = featureNames(config);
  return {
    mean: normalization.mean,
    std: normalization.std,
    mfccStart: names.indexOf('mfcc0'),
    mfccCount: config.mfccCount,
    melStart: names.indexOf('mel0'),
    melCount: config.melBands,
    melFloor: 1e-2,
  };
}

/** meyda's MFCC as a [mel bands x MFCC] product: twice the DCT-II rows of `mfccBasis`. */
function mfccProduct(melCount: number, mfccCount: number): Float32Array {
  const rows = mfccBasis(melCount, mfccCount);
  return Float32Array.from({ length: melCount * mfccCount }, (_, j) => 2 * rows[j % mfccCount][Math.floor(j / mfccCount)]);
}

/**
 * A standardised window's features as they were, but for the log-mel bands re-read as log(mel power +
 * floor) and the MFCCs computed from them. meyda's log(1 + mel power) is nearly linear under a power of 1,
 * where most bands of speech at the features' -23 dBFS lie (median 0.006): on its scale the quiet bands'
 * shape hardly moves a model. The floor stays above the quietest bands, which hold the room's and the
 * microphone's noise more than the voice.
 */
function onLogScale(z: tf.Tensor3D, s: SpectrumColumns, dct: Float32Array): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, frames, features] = z.shape;
    const x = tf.add(tf.mul(z, tf.tensor1d(s.std)), tf.tensor1d(s.mean));
    const melPower = tf.relu(tf.expm1(tf.slice(x, [0, 0, s.melStart], [-1, -1, s.melCount])));
    const logMel = tf.log(tf.add(melPower, s.melFloor));
    const mfcc = tf.reshape(tf.matMul(tf.reshape(logMel, [-1, s.melCount]), tf.tensor2d(dct, [s.melCount, s.mfccCount])), [batch, frames, s.mfccCount]);
    const columnsOf = (start: number, end: number) => tf.slice(x, [0, 0, start], [-1, -1, end - start]);
    const parts = [columnsOf(0, s.mfccStart), mfcc, columnsOf(s.mfccStart + s.mfccCount, s.melStart), logMel, columnsOf(s.melStart + s.melCount, features)];
    // Runs of no column (the mel bands come last) are left out: not every backend concatenates them.
    return tf.concat(
      parts.filter((p) => p.shape[2]! > 0),
      2,
    ) as tf.Tensor3D;
  });
}

/**
 * A window's features with the spectrum on a log scale (`onLogScale`), no longer standardised: the TDNN's
 * front end (a batch normalisation follows in the model), and what the window statistics are taken of.
 * The constants are made at each call rather than held: the app moves the model to another backend when
 * WebGL is lost.
 */
export class LogSpectrum extends layers.Layer {
  static readonly className: string = 'LogSpectrum';
  private readonly spectrum: SpectrumColumns;
  private readonly dct: Float32Array;

  constructor(config: SpectrumColumns & { name?: string }) {
    super({ name: config.name, trainable: false });
    // Read field by field: a saved layer's config also holds the base layer's own fields.
    const { mean, std, mfccStart, mfccCount, melStart, melCount, melFloor } = config;
    this.spectrum = { mean, std, mfccStart, mfccCount, melStart, melCount, melFloor };
    this.dct = mfccProduct(melCount, mfccCount);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return onLogScale((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D, this.spectrum, this.dct);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.spectrum };
  }
}

tf.serialization.registerClass(LogSpectrum);

/** The log-spectrum front end for windows of `config`'s features standardised by `normalization`. */
export function logSpectrum(config: FeatureConfig, normalization: Normalization): LogSpectrum {
  return new LogSpectrum(spectrumColumns(config, normalization));
}
