import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/core/signal';
import { dominantFrequency, sine } from '../../src/core/testing/signals';
import { addNoise, augmentClip, bandLimit, pitchShift, recipeFor, shift, stretch } from './augment';

const rate = 16000;

describe('augmentation', () => {
  it('time stretch changes duration and keeps pitch', () => {
    const tone = sine(300, 0.5, 2, rate);
    for (const tempo of [0.8, 1.25]) {
      const out = stretch(tone, rate, tempo);
      expect(out.length).toBe(Math.round(tone.length / tempo));
      expect(dominantFrequency(out.subarray(4000, 12000), rate, 250, 350)).toBeGreaterThanOrEqual(298);
      expect(dominantFrequency(out.subarray(4000, 12000), rate, 250, 350)).toBeLessThanOrEqual(302);
    }
  });

  it('pitch shift changes pitch by the semitones asked and keeps duration', () => {
    const tone = sine(300, 0.5, 2, rate);
    for (const semitones of [-3, 2]) {
      const out = pitchShift(tone, rate, semitones);
      expect(Math.abs(out.length - tone.length)).toBeLessThanOrEqual(tone.length * 0.01);
      const expected = 300 * 2 ** (semitones / 12);
      const found = dominantFrequency(out.subarray(4000, 20000), rate, 200, 400);
      expect(Math.abs(found - expected)).toBeLessThanOrEqual(2);
    }
  });

  it('adds noise at the SNR asked', () => {
    const tone = sine(300, 0.5, 1, rate);
    const noisy = addNoise(tone, 20, 3);
    const noise = noisy.map((v, i) => v - tone[i]);
    expect(toDb(rms(tone)) - toDb(rms(noise))).toBeCloseTo(20, 0);
  });

  it('keeps a telephone band: tones inside pass, tones below and above are cut', () => {
    const level = (hz: number) => {
      const out = bandLimit(sine(hz, 0.5, 1, rate), rate, 300, 3400);
      // Past the filters' settling time.
      return toDb(rms(out.subarray(rate / 2))) - toDb(rms(sine(hz, 0.5, 1, rate)));
    };
    expect(level(1000)).toBeGreaterThan(-0.5);
    expect(level(300)).toBeCloseTo(-3, 0);
    expect(level(3400)).toBeCloseTo(-3, 0);
    // Fourth order: 24 dB per octave away from the edges.
    expect(level(100)).toBeLessThan(-35);
    expect(level(150)).toBeLessThan(-22);
    expect(level(6800)).toBeLessThan(-22);
  });

  it('shifts a window with silence filling the gap', () => {
    const w = Float32Array.from([1, 2, 3, 4]);
    expect(Array.from(shift(w, 1))).toEqual([0, 1, 2, 3]);
    expect(Array.from(shift(w, -2))).toEqual([3, 4, 0, 0]);
  });

  it('draws the same recipe for the same clip and copy, and different ones otherwise', () => {
    expect(recipeFor(1, 'a.wav', 0)).toEqual(recipeFor(1, 'a.wav', 0));
    expect(recipeFor(1, 'a.wav', 0)).not.toEqual(recipeFor(1, 'a.wav', 1));
    expect(recipeFor(1, 'a.wav', 0)).not.toEqual(recipeFor(2, 'a.wav', 0));
    const recipes = Array.from({ length: 200 }, (_, i) => recipeFor(7, `clip${i}`, 0));
    expect(recipes.some((r) => r.tempo !== undefined && r.semitones !== undefined)).toBe(true);
    for (const r of recipes) {
      expect(Math.abs(r.shiftSeconds ?? 0)).toBeLessThanOrEqual(0.4);
      if (r.tempo !== undefined) expect(r.tempo).toBeGreaterThanOrEqual(0.8);
      if (r.snrDb !== undefined) expect(r.snrDb).toBeGreaterThanOrEqual(10);
    }
    // A band on a share of the copies leaves the rest of every recipe as it was.
    const banded = Array.from({ length: 200 }, (_, i) => recipeFor(7, `clip${i}`, 0, 0.25));
    banded.forEach((r, i) => expect({ ...r, band: undefined }).toEqual(recipes[i]));
    const bands = banded.flatMap((r) => (r.band ? [r.band] : []));
    expect(bands.length).toBeGreaterThan(30);
    expect(bands.length).toBeLessThan(70);
    for (const { low, high } of bands) {
      expect(low).toBeGreaterThanOrEqual(200);
      expect(low).toBeLessThanOrEqual(400);
      expect(high).toBeGreaterThanOrEqual(3000);
      expect(high).toBeLessThanOrEqual(3800);
    }
    const noisy = augmentClip(sine(300, 0.5, 1, rate), rate, { seed: 1, snrDb: 10, tempo: 1.25 });
    expect(noisy.length).toBe(12800);
  });
});
