import { type ClipResult, type SpeechSpans, classifySpans, speechSpans } from '../../src/core/classify';
import type { FeatureConfig } from '../../src/core/config';
import type { EmotionModel } from '../../src/core/model';
import { toModelInput } from '../../src/core/pipeline';
import type { VoiceReader } from '../../src/core/voice/fit';
import type { SpeechDetector } from '../../src/core/speech';
import { decodeFile } from '../data/decode';
import { voiceEncoderOf } from '../encoder/load';

/** A file as the model reads it: decoded, mixed down, resampled, and its speech windows found. */
export interface ClipInput {
  duration: number;
  signal: Float32Array;
  speech: SpeechSpans;
}

/**
 * Clip inputs by file, kept while one set of clips is scored by several models (an ensemble's members, a
 * calibrated model again): decoding and speech detection cost more than the models.
 */
export type ClipInputs = Map<string, Promise<ClipInput>>;

export async function clipInput(file: string, config: FeatureConfig, speech: SpeechDetector): Promise<ClipInput> {
  const audio = await decodeFile(file);
  const signal = await toModelInput(audio.channels, audio.sampleRate, config);
  return { duration: audio.channels[0].length / audio.sampleRate, signal, speech: await speechSpans(signal, config, speech) };
}

/**
 * One audio file through the app's own path: decode, mix down, resample, speech windows, model, mean; with
 * the features the model was trained on (the app's, for any model the app accepts).
 */
export async function classifyFile(
  file: string,
  model: EmotionModel,
  speech: SpeechDetector,
  inputs?: ClipInputs,
  voice?: VoiceReader,
): Promise<{ duration: number; result: ClipResult }> {
  let input = inputs?.get(file);
  if (!input) {
    input = clipInput(file, model.meta.featureConfig, speech);
    inputs?.set(file, input);
  }
  const { duration, signal, speech: spans } = await input;
  // A voice head that reads the speech encoder needs it (the same files the app bundles).
  const encoder = voice && (await voiceEncoderOf(model.meta));
  return { duration, result: await classifySpans(model, signal, spans, model.meta.featureConfig, { voice, encoder }) };
}
