import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CLASS_LABELS } from '../../src/core/labels';
import { type EmotionModel, modelWindows } from '../../src/core/model';
import type { SpeechDetector } from '../../src/core/speech';
import type { VoiceWindow } from '../../src/core/voice/profile';
import { voiceWindows } from '../../src/core/voice/read';
import { coveredLength } from '../../src/core/windows';
import { errorMessage } from '../../src/core/errors';
import type { Clip } from '../data/corpora';
import { clipInput } from '../eval/classify-file';
import { FeatureCache } from '../features/cache';
import { voiceEncoderOf } from '../encoder/load';
import { encoderValues } from '../../src/core/encoder/pool';
import type { SpeechEncoder } from '../../src/core/encoder/speech-embedding';

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
 * that cannot be read or holds no speech is listed in `failed`. With an encoder (given, to fit a head on
 * it, or without a word the one the model's voice head reads), each window's statistics are followed by
 * its pooled speech_embedding vectors.
 */
export async function readVoiceClips(
  model: EmotionModel,
  root: string,
  clips: readonly Clip[],
  speech: SpeechDetector,
  { cacheDir, onProgress, encoder }: { cacheDir: string; onProgress?: (done: number, total: number) => void; encoder?: SpeechEncoder | null },
): Promise<{ readings: VoiceClipReading[]; failed: { path: string; error: string }[] }> {
  // Without a word, the encoder the model's voice head reads (if any); null: none.
  const reader = encoder === undefined ? await voiceEncoderOf(model.meta) : encoder;
  const cache = new FeatureCache(path.join(cacheDir, 'voice'));
  const config = model.meta.featureConfig;
  const readings: VoiceClipReading[] = [];
  const failed: { path: string; error: string }[] = [];
  for (const [i, clip] of clips.entries()) {
    const file = path.resolve(root, clip.path);
    try {
      const { size, mtimeMs } = await stat(file);
      const key = FeatureCache.key({
        kind: reader ? `voice/2+encoder/1:${reader.digests.mel}-${reader.digests.embedding}` : 'voice/2',
        model: model.meta.trainedAt,
        file: clip.path,
        size,
        mtimeMs,
        config,
      });
      let rows = await cache.get(key);
      if (!rows) {
        const {
          signal,
          speech: { spans },
        } = await clipInput(file, config, speech);
        const encoded = reader ? encoderValues(await reader.encode(signal), spans) : undefined;
        const windows = await voiceWindows(model, await modelWindows(model, signal, spans, config), encoded);
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
