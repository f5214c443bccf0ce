import { describe, expect, it } from 'vitest';
import { type SoftmaxProblem, addAffine, fitSoftmax, logSoftmaxInPlace, softmaxInPlace, softmaxLoss, zeroLinear } from './linear';

describe('softmax helpers', () => {
  it('softmax and log-softmax agree and survive large logits', () => {
    const p = softmaxInPlace(Float64Array.of(1000, 1001, 999));
    const lp = logSoftmaxInPlace(Float64Array.of(1000, 1001, 999));
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    lp.forEach((l, k) => expect(Math.exp(l)).toBeCloseTo(p[k], 12));
    expect(p[1] / p[0]).toBeCloseTo(Math.E, 10);
  });

  it('adds x · W + b', () => {
    const linear = { inputs: 2, outputs: 2, weights: Float64Array.of(1, 2, 3, 4), bias: Float64Array.of(0.5, -0.5) };
    expect(Array.from(addAffine([1, -1], linear, Float64Array.of(10, 10)))).toEqual([10 + 0.5 + 1 - 3, 10 - 0.5 + 2 - 4]);
    expect(() => addAffine([1], linear, new Float64Array(2))).toThrow(/takes 2 features/);
  });
});

describe('fitSoftmax', () => {
  it('with no features, finds the bias of the class frequencies (log 3 between 3 and 1 samples)', () => {
    const problem: SoftmaxProblem = {
      x: [[], [], [], []],
      offsets: [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      labels: [0, 0, 0, 1],
      classes: 2,
    };
    const fit = fitSoftmax(problem, { l2: 1e-6, iterations: 3000, rate: 1 });
    expect(fit.bias[0] - fit.bias[1]).toBeCloseTo(Math.log(3), 3);
  });

  it('learns only what the offsets lack: offsets that already say the answer leave it near zero', () => {
    const x = [[1], [-1], [1], [-1]];
    const labels = [0, 1, 0, 1];
    const sure = fitSoftmax({ x, offsets: labels.map((l) => (l === 0 ? [20, 0] : [0, 20])), labels, classes: 2 }, { l2: 0.01, iterations: 200, rate: 0.5 });
    const blank = fitSoftmax({ x, offsets: x.map(() => [0, 0]), labels, classes: 2 }, { l2: 0.01, iterations: 200, rate: 0.5 });
    expect(Math.abs(sure.weights[0] - sure.weights[1])).toBeLessThan(1e-3);
    expect(blank.weights[0] - blank.weights[1]).toBeGreaterThan(1);
  });

  it('stops at a minimum of its own loss: the numerical gradient there is zero', () => {
    const x = [
      [0.3, -1],
      [1.2, 0.4],
      [-0.7, 0.9],
      [0.1, 0.1],
      [-1.5, -0.2],
      [0.8, -0.6],
    ];
    const problem: SoftmaxProblem = { x, offsets: x.map((_, i) => [0.1 * i, 0, -0.2]), labels: [0, 1, 2, 0, 2, 1], classes: 3 };
    const l2 = 0.3;
    const fit = fitSoftmax(problem, { l2, iterations: 4000, rate: 0.5 });
    const base = softmaxLoss(problem, fit, l2);
    const h = 1e-5;
    for (const part of ['weights', 'bias'] as const) {
      fit[part].forEach((_, j) => {
        const moved = { ...fit, [part]: Float64Array.from(fit[part], (v, i) => (i === j ? v + h : v)) };
        expect(Math.abs((softmaxLoss(problem, moved, l2) - base) / h)).toBeLessThan(1e-3);
      });
    }
    expect(base).toBeLessThan(softmaxLoss(problem, zeroLinear(2, 3), l2));
  });

  it('refuses an empty problem', () => {
    expect(() => fitSoftmax({ x: [], offsets: [], labels: [], classes: 2 }, { l2: 1, iterations: 1, rate: 1 })).toThrow(/at least one sample/);
  });
});

describe('fitSoftmax with momentum', () => {
  it('reaches the same minimum as plain descent, in a tenth of the steps', () => {
    // Columns of very different spreads: the slow directions are what momentum speeds up.
    const x = Array.from({ length: 40 }, (_, i) => [3 * Math.sin(i), Math.cos(3 * i), (0.1 * ((i % 5) - 2)) / 2]);
    const problem: SoftmaxProblem = { x, offsets: x.map(() => [0, 0, 0]), labels: x.map((_, i) => (i % 5 < 2 ? 0 : i % 3 === 0 ? 1 : 2)), classes: 3 };
    const loss = (iterations: number, momentum = 0) => softmaxLoss(problem, fitSoftmax(problem, { l2: 0.001, iterations, rate: 0.1, momentum }), 0.001);
    const best = loss(40_000);
    expect(loss(4_000, 0.9)).toBeCloseTo(best, 6);
    expect(loss(4_000)).toBeGreaterThan(best + 1e-4);
  });
});

describe('fitSoftmax with sample weights', () => {
  it('counts a sample of weight 2 as two copies of it', () => {
    const x = [
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 0.5],
    ];
    const offsets = x.map(() => [0, 0.2]);
    const fit = { l2: 0.05, iterations: 500, rate: 0.5 };
    const weighted = fitSoftmax({ x, offsets, labels: [0, 1, 1, 0], classes: 2, weights: [2, 1, 1, 1] }, fit);
    const copied = fitSoftmax({ x: [x[0], ...x], offsets: [offsets[0], ...offsets], labels: [0, 0, 1, 1, 0], classes: 2 }, fit);
    weighted.weights.forEach((w, j) => expect(w).toBeCloseTo(copied.weights[j], 10));
    weighted.bias.forEach((b, k) => expect(b).toBeCloseTo(copied.bias[k], 10));
  });
});
