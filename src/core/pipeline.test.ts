import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from './config';
import { clipWindows, toModelInput, windowFeatures } from './pipeline';
import { padded, vowelLike } from './testing/signals';

const config = FEATURE_CONFIG;

describe('audio to model input', () => {
  it('turns a stereo 44.1 kHz recording into 16 kHz mono windows of [92 x 98] features', async () => {
    const left = padded(vowelLike(4, 44100), 22050, 22050);
    const right = left.map((v) => v * 0.5);
    const signal = await toModelInput([left, right], 44100, config);
    expect(Math.abs(signal.length - 5 * 16000)).toBeLessThanOrEqual(1);
    const windows = [...clipWindows(signal, config)];
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      expect(w.features.frames).toBe(framesPerWindow(config));
      expect(w.features.features).toBe(featureCount(config));
      expect(w.features.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('gives the same features to a quiet and a loud copy of the same sound', () => {
    const loud = padded(vowelLike(2, 16000), 8000, 8000);
    const quiet = loud.map((v) => v * 0.2);
    const a = windowFeatures(loud, config).data;
    const b = windowFeatures(quiet, config).data;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    expect(maxDiff).toBeLessThan(1e-3);
  });

  it('refuses a window of the wrong length and unreadable audio', async () => {
    expect(() => windowFeatures(new Float32Array(1000), config)).toThrow(/48000 samples/);
    await expect(toModelInput([Float32Array.from([0, Number.NaN])], 16000, config)).rejects.toThrow(/non-finite/);
    await expect(toModelInput([new Float32Array(0)], 16000, config)).rejects.toThrow(/empty/);
  });
});
