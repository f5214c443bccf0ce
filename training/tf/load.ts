import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURE_CONFIG } from '../../src/core/config';
import { type EncoderMember, assertMemberShape } from '../../src/core/encoder/member';
import { assertEncoderFiles } from '../../src/core/encoder/speech-embedding';
import { CLASS_LABELS } from '../../src/core/labels';
import { type EmotionModel, type ModelMetadata, assertModelShape, parseModelMetadata } from '../../src/core/model';
import { loadSpeechEncoder } from '../encoder/load';
import { loadModel } from './files';

/** Loads a model folder (model.json, weights, metadata.json, an encoder member's files), refusing one that does not fit this code. */
export async function loadEmotionModel(dir: string): Promise<EmotionModel> {
  const metaText = await readFile(path.join(dir, 'metadata.json'), 'utf8').catch(() => {
    throw new Error(`${dir}: no metadata.json beside the model`);
  });
  const meta = parseModelMetadata(JSON.parse(metaText), FEATURE_CONFIG);
  const model = await loadModel(dir).catch((error: Error) => {
    throw new Error(`${dir}: the model cannot be loaded (${error.message})`);
  });
  assertModelShape(model, FEATURE_CONFIG);
  return { model, meta, member: await loadMember(dir, meta) };
}

/** The member the metadata names (none without), with the speech encoder whose files it was trained on. */
async function loadMember(dir: string, meta: ModelMetadata): Promise<EncoderMember | undefined> {
  const named = meta.encoderMember;
  if (!named) return undefined;
  const encoder = await loadSpeechEncoder();
  assertEncoderFiles(named.encoder, encoder.digests, "The model's encoder member");
  const model = await loadModel(path.join(dir, path.dirname(named.path))).catch((error: Error) => {
    throw new Error(`${dir}: the encoder member cannot be loaded (${error.message})`);
  });
  assertMemberShape(named, model, FEATURE_CONFIG, CLASS_LABELS.length);
  return { model, encoder };
}

/** Frees a loaded model's networks (the member's too). */
export function disposeModel({ model, member }: EmotionModel): void {
  model.dispose();
  member?.model.dispose();
}
