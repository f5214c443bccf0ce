import * as tf from '@tensorflow/tfjs';

export const ARCHITECTURES = ['lstm', 'conv-lstm'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

const L = tf.layers;

/**
 * The seed design's two models, sized for CPU training in the browser's own runtime. Both shorten the
 * sequence to 128 ms steps before the LSTM (by averaging, or by the convolutions' pooling): an LSTM's
 * cost grows with its steps, and the prosody that carries emotion moves slower than that.
 */
export function buildModel(name: Architecture, frames: number, features: number, classes: number, seed: number): tf.LayersModel {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const recurrent = (offset: number) => tf.initializers.orthogonal({ seed: seed + offset, gain: 1 });
  const layers: tf.layers.Layer[] = [];
  if (name === 'lstm') {
    layers.push(
      L.averagePooling1d({ inputShape: [frames, features], poolSize: 4 }),
      L.lstm({ units: 64, kernelInitializer: init(1), recurrentInitializer: recurrent(2) }),
    );
  } else {
    layers.push(
      L.conv1d({ inputShape: [frames, features], filters: 48, kernelSize: 5, padding: 'same', kernelInitializer: init(1) }),
      L.batchNormalization(),
      L.activation({ activation: 'relu' }),
      L.maxPooling1d({ poolSize: 2 }),
      L.conv1d({ filters: 64, kernelSize: 3, padding: 'same', kernelInitializer: init(2) }),
      L.batchNormalization(),
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
  return tf.sequential({ name, layers });
}
