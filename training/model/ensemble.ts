import * as tf from '@tensorflow/tfjs';

/**
 * A copy of `model` whose layers are all renamed `<prefix><name>`. Models trained in different runs carry
 * the layer names of their own run (tfjs counts them per process), so two members may both hold a
 * "batch_normalization_BatchNormalization1/gamma"; saved together, the app could not load them.
 */
async function renamed(model: tf.LayersModel, prefix: string): Promise<tf.LayersModel> {
  const names = new Set(model.layers.map((l) => l.name));
  names.add(model.name);
  const topology = JSON.parse(JSON.stringify(model.toJSON(null, false))) as object;
  // A layer's name appears as its own `name` and wherever another layer or the model refers to it.
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return names.has(value) ? `${prefix}${value}` : value;
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  const copy = await tf.models.modelFromJSON({ modelTopology: rename(topology) as tf.io.ModelJSON['modelTopology'] });
  copy.setWeights(model.getWeights());
  return copy;
}

/**
 * One model whose output is the mean of the given models' probabilities, for the same input window. It
 * pays when the members err differently; the app loads it as it loads any single model.
 */
export async function averageModel(members: readonly tf.LayersModel[], name: string): Promise<tf.LayersModel> {
  if (members.length < 2) throw new Error('An ensemble needs at least two models');
  const unique = await Promise.all(members.map((m, i) => renamed(m, `m${i + 1}_`)));
  const input = tf.input({ shape: unique[0].inputs[0].shape.slice(1) as number[] });
  const outputs = unique.map((m) => m.apply(input) as tf.SymbolicTensor);
  return tf.model({ name, inputs: input, outputs: tf.layers.average().apply(outputs) as tf.SymbolicTensor });
}

/** The name of an ensemble recipe: its members joined by '+'. */
export function ensembleName(architectures: readonly string[]): string {
  return architectures.join('+');
}

/** The name of a weighted product of recipes (`weightedProduct`): "lstm+cnn*encoder-conv^0.5". */
export function productName(parts: readonly { recipe: string; weight: number }[]): string {
  return parts.map((p) => (p.weight === 1 ? p.recipe : `${p.recipe}^${p.weight}`)).join('*');
}
