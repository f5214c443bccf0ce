import { FEATURE_CONFIG } from '../src/core/config';
import { clipWindows } from '../src/core/pipeline';
import { vowelLike } from '../src/core/testing/signals';
import { type Figure, measure } from './measure';

/** Seconds of audio per second of compute for the shipped config, over a 30 s clip, in this Node process. */
export async function featureRealTimeFactor(): Promise<Figure> {
  const seconds = 30;
  const signal = vowelLike(seconds, FEATURE_CONFIG.sampleRate);
  return measure('features.rtf.node', 'x real time', 5, () => {
    const start = performance.now();
    let frames = 0;
    for (const w of clipWindows(signal, FEATURE_CONFIG)) frames += w.features.frames;
    const elapsed = (performance.now() - start) / 1000;
    // Windows overlap, so count the audio actually framed, not the clip length.
    const framed = (frames * FEATURE_CONFIG.hopSize) / FEATURE_CONFIG.sampleRate;
    return framed / elapsed;
  });
}
