import * as tf from '@tensorflow/tfjs';

/**
 * One model whose output is the mean of the given models' probabilities, for the same input window. It
 * pays when the members err differently; the app loads it as it loads any single model.
 */
export function averageModel(members: readonly tf.LayersModel[], name: string): tf.LayersModel {
  if (members.length < 2) throw new Error('An ensemble needs at least two models');
  const input = tf.input({ shape: members[0].inputs[0].shape.slice(1) as number[] });
  const outputs = members.map((m) => m.apply(input) as tf.SymbolicTensor);
  return tf.model({ name, inputs: input, outputs: tf.layers.average().apply(outputs) as tf.SymbolicTensor });
}

/** The name of an ensemble recipe: its members joined by '+'. */
export function ensembleName(architectures: readonly string[]): string {
  return architectures.join('+');
}
