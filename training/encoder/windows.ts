import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FeatureConfig } from '../../src/core/config';
import { encoderFrames } from '../../src/core/encoder/frames';
import type { SpeechEncoder } from '../../src/core/encoder/speech-embedding';
import { errorMessage } from '../../src/core/errors';
import { classIndex } from '../../src/core/labels';
import { toModelInput } from '../../src/core/pipeline';
import { windowSpans } from '../../src/core/windows';
import type { Dataset } from '../data/scan';
import { type SplitPlan, splitOf } from '../data/split';
import { decodeFile } from '../data/decode';
import type { BuiltData, WindowSet } from '../features/dataset';
import { FeatureCache } from '../features/cache';

/** Bumped when what a cached clip's frames hold changes. */
const FRAMES_VERSION = 3;

/**
 * The encoder's frames of every model window of a clip (`encoderFrames`), the same windows, in the same
 * order, as the feature members read: decoded and brought to the model's input by the app's own core.
 */
export async function clipFrames(file: string, encoder: SpeechEncoder, config: FeatureConfig): Promise<Float32Array[]> {
  const audio = await decodeFile(file);
  const signal = await toModelInput(audio.channels, audio.sampleRate, config);
  return encoderFrames(encoder, signal, windowSpans(signal, config), config);
}

/** Every gendered clip's window frames, from the cache (keyed by the file, the config and the encoder's files) or encoded and cached. */
export async function encodeDataset(
  dataset: Dataset,
  encoder: SpeechEncoder,
  config: FeatureConfig,
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ frames: (Float32Array[] | undefined)[]; failures: { path: string; error: string }[] }> {
  const cache = new FeatureCache(cacheDir);
  const failures: { path: string; error: string }[] = [];
  const frames: (Float32Array[] | undefined)[] = [];
  for (const [i, clip] of dataset.clips.entries()) {
    onProgress?.(i, dataset.clips.length);
    if (!clip.gender) {
      frames.push(undefined);
      continue;
    }
    const file = path.resolve(dataset.root, clip.path);
    try {
      const info = await stat(file);
      const key = FeatureCache.key({ file: clip.path, size: info.size, mtime: info.mtimeMs, config, encoder: encoder.digests, frames: FRAMES_VERSION });
      let windows = await cache.get(key);
      if (!windows) {
        windows = await clipFrames(file, encoder, config);
        await cache.put(key, windows);
      }
      frames.push(windows);
    } catch (error) {
      failures.push({ path: clip.path, error: errorMessage(error) });
      frames.push(undefined);
    }
  }
  onProgress?.(dataset.clips.length, dataset.clips.length);
  return { frames, failures };
}

const emptySet = (): WindowSet => ({ windows: [], labels: [], clip: [], corpus: [], augmented: [], source: [] });

/** The encoded clips' windows by split of `plan` (no augmented copies: the member trains on the clips as recorded). */
export function framesBySplit(dataset: Dataset, frames: readonly (Float32Array[] | undefined)[], plan: SplitPlan): Omit<BuiltData, 'failures'> {
  const data = { train: emptySet(), val: emptySet(), test: emptySet(), noGender: 0 };
  dataset.clips.forEach((clip, i) => {
    const windows = frames[i];
    if (!clip.gender) data.noGender++;
    if (!clip.gender || !windows) return;
    const set = data[splitOf(clip, plan)];
    for (const w of windows) {
      set.windows.push(w);
      set.labels.push(classIndex(clip.gender, clip.emotion));
      set.clip.push(i);
      set.corpus.push(clip.corpus);
      set.augmented.push(false);
      set.source.push(i);
    }
  });
  return data;
}
