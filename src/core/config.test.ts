import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, assertSameConfig, featureCount, featureNames, framesPerWindow, parseFeatureConfig } from './config';

describe('feature config', () => {
  it('names one column per feature, 98 for the shipped config', () => {
    expect(featureNames(FEATURE_CONFIG)).toHaveLength(featureCount(FEATURE_CONFIG));
    expect(featureCount(FEATURE_CONFIG)).toBe(98);
  });

  it('gives 92 frames to a 3 s window at 16 kHz with 1024/512 framing', () => {
    // 3 s at 16 kHz, 1024-sample frames every 512: frames start at 0, 512, ..., 46592.
    expect(framesPerWindow(FEATURE_CONFIG)).toBe(92);
  });

  it('survives a JSON round trip, as it does in model metadata', () => {
    const restored = parseFeatureConfig(JSON.parse(JSON.stringify(FEATURE_CONFIG)));
    expect(() => assertSameConfig(restored)).not.toThrow();
  });

  it('refuses a config with other features, naming the difference', () => {
    expect(() => assertSameConfig({ ...FEATURE_CONFIG, melBands: 128 })).toThrow(/melBands: 128 vs 64/);
  });

  it('refuses malformed configs with a readable message', () => {
    expect(() => parseFeatureConfig({ ...FEATURE_CONFIG, frameSize: 1000 })).toThrow(/power of two/);
    expect(() => parseFeatureConfig({ ...FEATURE_CONFIG, hopSize: 'x' })).toThrow(/hopSize/);
    expect(() => parseFeatureConfig(null)).toThrow(/Invalid feature config/);
    expect(() => parseFeatureConfig({ ...FEATURE_CONFIG, mfccCount: 80 })).toThrow(/mfccCount/);
  });
});
