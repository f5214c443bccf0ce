import { describe, expect, it } from 'vitest';
import { clipEmotions, expectedCalibrationError, fitTemperature, withTemperature } from './calibration';
import { classIndex, EMOTIONS } from './labels';

describe('temperature scaling', () => {
  it('takes the T-th root of each probability and renormalises', () => {
    const soft = withTemperature([0.5, 0.25, 0.25], 2);
    const root = [Math.SQRT1_2, 0.5, 0.5];
    const sum = root.reduce((a, b) => a + b);
    root.forEach((r, i) => expect(soft[i]).toBeCloseTo(r / sum, 6));
    expect(Array.from(withTemperature([0.7, 0.2, 0.1], 1))).toEqual(Array.from(Float32Array.of(0.7, 0.2, 0.1)));
    // Below 1 it sharpens; a zero stays (almost) zero and nothing divides by zero.
    const sharp = withTemperature([0.6, 0.4, 0], 0.5);
    expect(sharp[0]).toBeCloseTo(0.36 / 0.52, 5);
    expect(sharp[2]).toBeLessThan(1e-20);
  });

  it('averages scaled windows into the 7 emotion probabilities of a clip', () => {
    const w = new Float32Array(14);
    w[classIndex('female', 'sad')] = 0.5;
    w[classIndex('male', 'sad')] = 0.25;
    w[classIndex('male', 'angry')] = 0.25;
    const emotions = clipEmotions([w, w], 1);
    expect(emotions[EMOTIONS.indexOf('sad')]).toBeCloseTo(0.75);
    expect(emotions[EMOTIONS.indexOf('angry')]).toBeCloseTo(0.25);
  });
});

describe('expected calibration error (15 bins, top-1)', () => {
  it('is the confidence-accuracy gap weighted by the share of each bin', () => {
    expect(expectedCalibrationError([0.9, 0.9], [true, false])).toBeCloseTo(0.4);
    // Two bins: 0.9 confident and always right (gap 0.1), 0.3 confident and never right (gap 0.3).
    expect(expectedCalibrationError([0.9, 0.9, 0.3, 0.3], [true, true, false, false])).toBeCloseTo(0.2);
    expect(expectedCalibrationError([], [])).toBe(0);
  });
});

describe('fitting a temperature', () => {
  /** An overconfident model: 90% on its answer, right on only half of the clips. */
  const clips = (n: number, rightEvery: number) =>
    Array.from({ length: n }, (_, i) => {
      const answer = i % 7;
      const truth = i % rightEvery === 0 ? answer : (answer + 1) % 7;
      const w = new Float32Array(14).fill(0.1 / 13);
      w[classIndex('female', EMOTIONS[answer])] = 0.9;
      return { windows: [w], emotion: truth };
    });
  const samples = clips(200, 2);
  const ece = (t: number) => {
    const clips = samples.map((s) => clipEmotions(s.windows, t));
    const conf = clips.map((p) => Math.max(...p));
    return expectedCalibrationError(
      conf,
      clips.map((p, i) => p.indexOf(Math.max(...p)) === samples[i].emotion),
    );
  };

  it('softens an overconfident model until its confidence matches its accuracy', () => {
    const t = fitTemperature([samples]);
    expect(t).toBeGreaterThan(1.5);
    // Its top emotion holds 0.9 plus the other gender's share of the rest.
    expect(ece(1)).toBeCloseTo(0.9 + 0.1 / 13 - 0.5, 5);
    expect(ece(t)).toBeLessThan(0.05);
  });

  it('weighs each source of clips the same, however many clips it has', () => {
    const rightAlways = clips(400, 1);
    const balanced = fitTemperature([samples, rightAlways]);
    expect(fitTemperature([samples, [...rightAlways, ...rightAlways]])).toBeCloseTo(balanced, 6);
    // Pooled, the larger source (right every time: sharpen) would outweigh the overconfident one.
    expect(fitTemperature([[...samples, ...rightAlways]])).toBeLessThan(balanced - 0.1);
    expect(balanced).toBeLessThan(fitTemperature([samples]));
  });

  it('refuses to fit on nothing', () => {
    expect(() => fitTemperature([])).toThrow(/No clips/);
    expect(() => fitTemperature([[], []])).toThrow(/No clips/);
  });
});
