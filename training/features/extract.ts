import { type FeatureConfig } from '../../src/core/config';
import { toModelInput, windowFeatures } from '../../src/core/pipeline';
import { spanSamples, windowSpans } from '../../src/core/windows';
import { type Recipe, augmentClip, shift } from '../augment/augment';
import { decodeFile } from '../data/decode';

/**
 * The model windows of one clip, or of one augmented copy of it: decoded, brought to the model's input
 * by the same core the app uses, augmented (training copies only), windowed and turned into features.
 */
export async function extractClip(file: string, recipe: Recipe | null, config: FeatureConfig): Promise<Float32Array[]> {
  const audio = await decodeFile(file);
  let signal = await toModelInput(audio.channels, audio.sampleRate, config);
  if (recipe) signal = augmentClip(signal, config.sampleRate, recipe);
  const offset = Math.round((recipe?.shiftSeconds ?? 0) * config.sampleRate);
  return windowSpans(signal, config).map((span) => {
    const samples = spanSamples(signal, span);
    return windowFeatures(offset ? shift(samples, offset) : samples, config).data;
  });
}
