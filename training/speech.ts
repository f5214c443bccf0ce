import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type SpeechDetector, createSpeechDetector } from '../src/core/speech';

let loaded: Promise<SpeechDetector> | undefined;

/** The speech detector the app bundles, loaded once from the same package file. */
export function loadSpeechDetector(): Promise<SpeechDetector> {
  const file = createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
  loaded ??= readFile(file).then((bytes) => createSpeechDetector(bytes));
  return loaded;
}
