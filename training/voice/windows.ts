import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CLASS_LABELS } from '../../src/core/labels';
import type { EmotionModel } from '../../src/core/model';
import { windowFeatures } from '../../src/core/pipeline';
import type { SpeechDetector } from '../../src/core/speech';
import type { VoiceWindow } from '../../src/core/voice/profile';
import { voiceWindows } from '../../src/core/voice/read';
import { coveredLength, spanSamples } from '../../src/core/windows';
import { errorMessage } from '../../src/core/errors';
import type { Clip } from '../data/corpora';
import { clipInput } from '../eval/classify-file';
import { FeatureCache } from '../features/cache';

/** A clip as a voice profile sees it: its windows through the app's path, and how much speech they hold. */
export interface VoiceClipReading {
  clip: Clip;
  windows: VoiceWindow[];
  /** Seconds the speech detector heard in the clip's windows (their speech parts joined). */
  speechSeconds: number;
}

const ROW = CLASS_LABELS.length;

/**
 * Every clip's voice windows (the general model's probabilities and the window statistics), through the
 * app's own path, cached per model and file: a simulation reads thousands of clips many times. A clip
 * that cannot be read or holds no speech is listed in `failed`.
 */
export async function readVoiceClips(
  model: EmotionModel,
  root: string,
  clips: readonly Clip[],
  speech: SpeechDetector,
  { cacheDir, onProgress }: { cacheDir: string; onProgress?: (done: number, total: number) => void },
): Promise<{ readings: VoiceClipReading[]; failed: { path: string; error: string }[] }> {
  const cache = new FeatureCache(path.join(cacheDir, 'voice'));
  const config = model.meta.featureConfig;
  const readings: VoiceClipReading[] = [];
  const failed: { path: string; error: string }[] = [];
  for (const [i, clip] of clips.entries()) {
    const file = path.resolve(root, clip.path);
    try {
      const { size, mtimeMs } = await stat(file);
      const key = FeatureCache.key({ kind: 'voice/2', model: model.meta.trainedAt, file: clip.path, size, mtimeMs, config });
      let rows = await cache.get(key);
      if (!rows) {
        const { signal, speech: { spans } } = await clipInput(file, config, speech);
        const windows = await voiceWindows(model, spans.map((s) => windowFeatures(spanSamples(signal, s), config)));
        const speechSeconds = coveredLength(spans.map((s) => s.speech ?? s)) / config.sampleRate;
        const windowRows = windows.map((w) => Float32Array.from([...w.probs, ...w.stats]));
        // The cache keeps rows of one length: a first row, padded, carries the speech seconds.
        const header = new Float32Array(windowRows[0].length);
        header[0] = speechSeconds;
        rows = [header, ...windowRows];
        await cache.put(key, rows);
      }
      const [head, ...windowRows] = rows;
      readings.push({
        clip,
        speechSeconds: head[0],
        windows: windowRows.map((r) => ({ probs: Array.from(r.subarray(0, ROW)), stats: Array.from(r.subarray(ROW)) })),
      });
    } catch (error) {
      failed.push({ path: clip.path, error: errorMessage(error) });
    }
    onProgress?.(i + 1, clips.length);
  }
  return { readings, failed };
}
