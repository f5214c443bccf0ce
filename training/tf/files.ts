import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
// The layers a model may hold beyond tfjs's own, registered before any model is loaded.
import '../../src/core/log-spectrum';
import '../../src/core/statistics';

const WEIGHTS_FILE = 'weights.bin';

/**
 * The topology with every weight initializer set to zeros. Initializers only matter for training, and
 * tfjs-layers runs them when it builds a nested model's layers (an ensemble's members) before the weights
 * arrive: the LSTM's orthogonal one took seconds on WebGL at every start of the app.
 */
function withoutInitializers(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(withoutInitializers);
  if (topology === null || typeof topology !== 'object') return topology;
  return Object.fromEntries(
    Object.entries(topology).map(([key, value]) => [
      key,
      key.endsWith('_initializer') && value ? { class_name: 'Zeros', config: {} } : withoutInitializers(value),
    ]),
  );
}

/** Saves a layers model as model.json + weights.bin, the format `tf.loadLayersModel` reads in a browser. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      bytes = weights.byteLength;
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: withoutInitializers(artifacts.modelTopology),
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFile(path.join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
      await writeFile(path.join(dir, WEIGHTS_FILE), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return bytes;
}

/** Loads a model saved by `saveModel` (or any single-shard tfjs layers model) from a folder. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
  const shards = await Promise.all(manifest.flatMap((group) => group.paths.map((p) => readFile(path.join(dir, p)))));
  const weightData = Buffer.concat(shards);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    }),
  );
}
