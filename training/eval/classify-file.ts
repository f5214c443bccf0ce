import { type ClipResult, classifySignal } from '../../src/core/classify';
import { FEATURE_CONFIG } from '../../src/core/config';
import type { EmotionModel } from '../../src/core/model';
import { toModelInput } from '../../src/core/pipeline';
import type { SpeechDetector } from '../../src/core/speech';
import { decodeFile } from '../data/decode';

/** One audio file through the app's own path: decode, mix down, resample, speech windows, model, mean. */
export async function classifyFile(file: string, model: EmotionModel, speech: SpeechDetector): Promise<{ duration: number; result: ClipResult }> {
  const audio = await decodeFile(file);
  const signal = await toModelInput(audio.channels, audio.sampleRate, FEATURE_CONFIG);
  const duration = audio.channels[0].length / audio.sampleRate;
  return { duration, result: await classifySignal(model, signal, FEATURE_CONFIG, { speech }) };
}
