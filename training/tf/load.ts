import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURE_CONFIG } from '../../src/core/config';
import { type EmotionModel, assertModelShape, parseModelMetadata } from '../../src/core/model';
import { loadModel } from './files';

/** Loads a model folder (model.json, weights, metadata.json), refusing one that does not fit this code. */
export async function loadEmotionModel(dir: string): Promise<EmotionModel> {
  const metaText = await readFile(path.join(dir, 'metadata.json'), 'utf8').catch(() => {
    throw new Error(`${dir}: no metadata.json beside the model`);
  });
  const meta = parseModelMetadata(JSON.parse(metaText), FEATURE_CONFIG);
  const model = await loadModel(dir).catch((error: Error) => {
    throw new Error(`${dir}: the model cannot be loaded (${error.message})`);
  });
  assertModelShape(model, FEATURE_CONFIG);
  return { model, meta };
}
