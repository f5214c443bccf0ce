import Meyda from 'meyda';
import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureNames } from './config';
import { type FeatureMatrix, extractFeatures } from './features';
import { noise, sine, vowelLike } from './testing/signals';

const config = FEATURE_CONFIG;
const names = featureNames(config);

function column(m: FeatureMatrix, name: string): number[] {
  const c = names.indexOf(name);
  return Array.from({ length: m.frames }, (_, f) => m.data[f * m.features + c]);
}

function row(m: FeatureMatrix, prefix: string, frame: number): number[] {
  const cols = names.flatMap((n, i) => (n.startsWith(prefix) && /\d$/.test(n) ? [i] : []));
  return cols.map((c) => m.data[frame * m.features + c]);
}

function argmax(values: number[]): number {
  return values.indexOf(Math.max(...values));
}

/** Centre frequencies of an HTK-style mel bank spanning 0 Hz to Nyquist. */
function melCentres(bands: number, rate: number): number[] {
  const toMel = (f: number) => 2595 * Math.log10(1 + f / 700);
  const toHz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const top = toMel(rate / 2);
  return Array.from({ length: bands }, (_, i) => toHz(((i + 1) * top) / (bands + 1)));
}

describe('frame features', () => {
  // 500 Hz fits exactly 32 periods in a 1024-sample frame at 16 kHz.
  const tone = extractFeatures(sine(500, 0.5, 0.5, 16000), config);

  it('frames a signal at the configured hop', () => {
    // 0.5 s = 8000 samples: frames start at 0, 512, ..., 6656 (the next would run past the end).
    expect(tone.frames).toBe(14);
    expect(tone.features).toBe(names.length);
    expect(tone.data).toHaveLength(tone.frames * tone.features);
  });

  it('gives a sine RMS = A/sqrt(2)', () => {
    for (const v of column(tone, 'rms')) expect(v).toBeCloseTo(0.5 / Math.SQRT2, 4);
  });

  it('gives a sine ZCR = 2f/sr crossings per sample', () => {
    // Within one crossing: a frame edge can fall on a crossing.
    for (const v of column(tone, 'zcr')) {
      expect(Math.abs(v - (2 * 500) / 16000)).toBeLessThanOrEqual(1 / (config.frameSize - 1));
    }
  });

  it.each([
    [261.63, 0, 'C4'],
    [392.0, 7, 'G4'],
    [440.0, 9, 'A4'],
    [987.77, 11, 'B5'],
  ])('puts a %f Hz sine in chroma bin %i (%s)', (frequency, bin) => {
    const m = extractFeatures(sine(frequency, 0.3, 0.2, 16000), config);
    expect(argmax(row(m, 'chroma', 2))).toBe(bin);
  });

  it.each([300, 1000, 2500, 6000])('puts a %i Hz sine in the mel band centred nearest to it', (f) => {
    const m = extractFeatures(sine(f, 0.3, 0.2, 16000), config);
    const centres = melCentres(config.melBands, config.sampleRate);
    const nearest = argmax(centres.map((c) => -Math.abs(Math.log(c / f))));
    expect(Math.abs(argmax(row(m, 'mel', 2)) - nearest)).toBeLessThanOrEqual(1);
  });

  it('gives silence finite, zero features (no NaN or -Infinity)', () => {
    const m = extractFeatures(new Float32Array(4096), config);
    expect(m.data.every((v) => v === 0)).toBe(true);
  });

  it('gives louder sounds higher log-mel energy and higher MFCC 0', () => {
    const quiet = extractFeatures(sine(1000, 0.05, 0.2, 16000), config);
    const loud = extractFeatures(sine(1000, 0.5, 0.2, 16000), config);
    expect(Math.max(...row(loud, 'mel', 2))).toBeGreaterThan(Math.max(...row(quiet, 'mel', 2)));
    expect(row(loud, 'mfcc', 2)[0]).toBeGreaterThan(row(quiet, 'mfcc', 2)[0]);
  });

  it.each([
    ['a voiced sound', vowelLike(0.2, 16000)],
    ['noise', noise(0.1, 0.2, 16000)],
  ])("matches meyda's own chroma, MFCC and log-mel extractors on %s", (_, signal) => {
    const m = extractFeatures(signal, config);
    const frame = signal.subarray(2 * config.hopSize, 2 * config.hopSize + config.frameSize);
    const reference = Meyda.extract(['chroma', 'mfcc', 'melBands'], frame) as unknown as Record<'chroma' | 'mfcc' | 'melBands', number[]>;
    const close = (ours: number[], theirs: number[]) => ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 3));
    close(row(m, 'chroma', 2), reference.chroma);
    close(row(m, 'mfcc', 2), reference.mfcc);
    close(row(m, 'mel', 2), reference.melBands);
  });

  it('is deterministic', () => {
    const again = extractFeatures(sine(500, 0.5, 0.5, 16000), config);
    expect(again.data).toEqual(tone.data);
  });

  it('rejects empty, too short and NaN input', () => {
    expect(() => extractFeatures(new Float32Array(0), config)).toThrow(/empty/);
    expect(() => extractFeatures(new Float32Array(1000), config)).toThrow(/shorter than one frame/);
    const bad = new Float32Array(2048);
    bad[100] = Number.NaN;
    expect(() => extractFeatures(bad, config)).toThrow(/non-finite/);
  });
});
