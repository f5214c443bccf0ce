import { describe, expect, it } from 'vitest';
import { weightedProduct } from './product';

describe('weightedProduct', () => {
  it('multiplies probabilities raised to their weights and normalises them', () => {
    const p = weightedProduct([Float32Array.of(0.5, 0.25, 0.25), Float32Array.of(0.25, 0.25, 0.5)], [1, 0.5]);
    // 0.5 * 0.5, 0.25 * 0.5, 0.25 * 0.707..., normalised.
    const raw = [0.5 * Math.sqrt(0.25), 0.25 * Math.sqrt(0.25), 0.25 * Math.sqrt(0.5)];
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((r, k) => expect(p[k]).toBeCloseTo(r / sum, 6));
  });

  it('gives one model back unchanged at weight 1, and ignores a model at weight 0', () => {
    const a = Float32Array.of(0.7, 0.2, 0.1);
    expect(Array.from(weightedProduct([a], [1]))).toEqual(Array.from(a).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(weightedProduct([a, Float32Array.of(0, 0, 1)], [1, 0]))).toEqual(Array.from(a).map((v) => expect.closeTo(v, 6)));
  });

  it('survives a zero probability and refuses mismatched inputs', () => {
    const p = weightedProduct([Float32Array.of(0, 1), Float32Array.of(0.5, 0.5)], [1, 1]);
    expect(p[1]).toBeCloseTo(1, 6);
    expect(Number.isFinite(p[0])).toBe(true);
    expect(() => weightedProduct([Float32Array.of(1)], [1, 1])).toThrow('1 sets of probabilities for 2 weights');
    expect(() => weightedProduct([Float32Array.of(1), Float32Array.of(0.5, 0.5)], [1, 1])).toThrow('different lengths');
  });
});
