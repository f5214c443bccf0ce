import * as tf from '@tensorflow/tfjs-core';
import { type FeatureConfig, featureNames } from './config';
import { LogSpectrum, type SpectrumColumns, spectrumColumns } from './log-spectrum';
import type { Normalization } from './model';

type Shape = (number | null)[];

/** Which frames count: those whose RMS is above a level (not the window's pauses and padding). */
interface Activity {
  rmsColumn: number;
  activeAboveDb: number;
}

/**
 * The statistics of a window's speech frames, per feature column: mean, standard deviation and mean
 * absolute change from frame to frame (both of two neighbouring frames active), 3 x features values.
 * They are of the columns `LogSpectrum` gives (the features themselves, the spectrum on a log scale): on
 * meyda's scale they would follow the loud bands' level rather than the spectrum's shape.
 */
export class WindowStatistics extends LogSpectrum {
  static override readonly className: string = 'WindowStatistics';
  private readonly activity: Activity;

  constructor(config: SpectrumColumns & Activity & { name?: string }) {
    super(config);
    const { rmsColumn, activeAboveDb } = config;
    this.activity = { rmsColumn, activeAboveDb };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [shape[0], 3 * (shape[2] as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const columns = super.call(inputs) as tf.Tensor3D;
      const frames = columns.shape[1];
      const rms = tf.slice(columns, [0, 0, this.activity.rmsColumn], [-1, -1, 1]);
      const active = tf.cast(tf.greater(rms, 10 ** (this.activity.activeAboveDb / 20)), 'float32');
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
    return { ...super.getConfig(), ...this.activity };
  }
}

tf.serialization.registerClass(WindowStatistics);

/** The statistics layer for windows of `config`'s features standardised by `normalization`. */
export function windowStatistics(config: FeatureConfig, normalization: Normalization): WindowStatistics {
  return new WindowStatistics({ ...spectrumColumns(config, normalization), rmsColumn: featureNames(config).indexOf('rms'), activeAboveDb: -50 });
}
