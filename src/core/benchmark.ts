import { WINDOW_BATCH, speechSpans } from './classify';
import { type FeatureConfig, windowSamples } from './config';
import { type EmotionModel, modelWindows, predictWindows } from './model';
import { clipWindows } from './pipeline';
import { resample } from './resample';
import { mixdown } from './signal';
import { type SpeechDetector, frameProbabilities } from './speech';
import { vowelLike } from './testing/signals';
import { levelGain } from './windows';

/**
 * Timings shared by `npm run bench` in Node and the app's worker in Chromium, so both measure the same
 * work: seconds of audio framed per second of compute, and milliseconds per model window.
 */
export function featureRealTimeFactor(config: FeatureConfig, seconds = 30): number {
  const signal = vowelLike(seconds, config.sampleRate);
  const start = performance.now();
  let frames = 0;
  for (const w of clipWindows(signal, config)) frames += w.features.frames;
  const elapsed = (performance.now() - start) / 1000;
  // Windows overlap, so count the audio actually framed, not the clip's length.
  return (frames * config.hopSize) / config.sampleRate / elapsed;
}

/** Milliseconds for one live window: features (and the encoder's frames, if the model reads them) of the last 3 s, then the model. */
export async function windowLatencyMs(model: EmotionModel, config: FeatureConfig, runs: number): Promise<number[]> {
  const window = vowelLike(windowSamples(config) / config.sampleRate, config.sampleRate);
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    await predictWindows(model, await modelWindows(model, window, [{ start: 0, end: window.length }], config));
    if (i > 0) times.push(performance.now() - start);
  }
  return times;
}

/** Milliseconds of model inference alone for one window (its features and encoder frames computed beforehand). */
export async function inferenceMs(model: EmotionModel, config: FeatureConfig, runs: number): Promise<number[]> {
  const window = vowelLike(windowSamples(config) / config.sampleRate, config.sampleRate);
  const inputs = await modelWindows(model, window, [{ start: 0, end: window.length }], config);
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    await predictWindows(model, inputs);
    if (i > 0) times.push(performance.now() - start);
  }
  return times;
}

/** Seconds of 16 kHz audio the speech detector reads per second of compute, over one signal of `seconds`. */
export async function speechRealTimeFactor(detector: SpeechDetector, seconds: number): Promise<number> {
  const signal = vowelLike(seconds, 16000);
  const start = performance.now();
  await frameProbabilities(detector, signal);
  return seconds / ((performance.now() - start) / 1000);
}

/** Milliseconds of each stage of a decoded recording's analysis after decoding, as `classifySignal` runs them. */
export interface StageTimes {
  resample: number;
  speech: number;
  /** The windows' features, and the encoder's frames read meanwhile on the detector's threads when the model reads them. */
  features: number;
  inference: number;
}

/**
 * Where a whole recording's analysis spends its time: the stages of `classifySignal` (mix to mono and
 * resample, speech detection, features, the model in batches), timed one after the other.
 */
export async function stageTimesMs(
  model: EmotionModel,
  config: FeatureConfig,
  channels: Float32Array[],
  sampleRate: number,
  speech?: SpeechDetector,
): Promise<StageTimes> {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const signal = await resample(mixdown(channels), sampleRate, config.sampleRate);
  const times = { resample: lap(), speech: 0, features: 0, inference: 0 };
  const { spans } = await speechSpans(signal, config, speech);
  times.speech = lap();
  const gain = levelGain(signal, config);
  for (let start = 0; start < spans.length; start += WINDOW_BATCH) {
    const batch = await modelWindows(model, signal, spans.slice(start, start + WINDOW_BATCH), config, gain);
    times.features += lap();
    await predictWindows(model, batch);
    times.inference += lap();
  }
  return times;
}
