import { type FeatureConfig, windowSamples } from './config';
import { type FeatureMatrix, extractFeatures } from './features';
import { resample } from './resample';
import { assertSignal, mixdown } from './signal';
import { type WindowSpan, normalizeLevel, spanSamples, windowSpans } from './windows';

/** Mixes decoded channels down to mono and resamples them to the config's rate. */
export async function toModelInput(channels: readonly Float32Array[], sampleRate: number, config: FeatureConfig): Promise<Float32Array> {
  const mono = mixdown(channels);
  assertSignal(mono, 'audio');
  return resample(mono, sampleRate, config.sampleRate);
}

/** The model's input for one window: level-normalised, then framed into features. */
export function windowFeatures(window: Float32Array, config: FeatureConfig): FeatureMatrix {
  const expected = windowSamples(config);
  if (window.length !== expected) {
    throw new RangeError(`A model window must hold ${expected} samples, got ${window.length}`);
  }
  return extractFeatures(normalizeLevel(window, config), config);
}

export interface ClipWindow {
  readonly span: WindowSpan;
  readonly features: FeatureMatrix;
}

/** Every model window of a clip with its features, one at a time so a long clip never sits in memory twice. */
export function* clipWindows(signal: Float32Array, config: FeatureConfig): Generator<ClipWindow> {
  assertSignal(signal);
  for (const span of windowSpans(signal, config)) {
    yield { span, features: windowFeatures(spanSamples(signal, span), config) };
  }
}
