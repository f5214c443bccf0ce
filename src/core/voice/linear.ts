/**
 * The little linear algebra a voice profile needs: a softmax regression whose logits start from a prior
 * (the general model's log-probabilities), fitted by full-batch gradient descent. Small enough (a few
 * hundred features, tens of windows) that plain loops fit it in milliseconds in any JavaScript engine.
 */

/** A linear map from `inputs` features to `outputs` logits: weights row-major, inputs x outputs. */
export interface Linear {
  inputs: number;
  outputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

export function zeroLinear(inputs: number, outputs: number): Linear {
  return { inputs, outputs, weights: new Float64Array(inputs * outputs), bias: new Float64Array(outputs) };
}

/** `x · weights + bias`, added to `into` (which is returned). */
export function addAffine(x: ArrayLike<number>, { inputs, outputs, weights, bias }: Linear, into: Float64Array): Float64Array {
  if (x.length !== inputs) throw new RangeError(`The linear map takes ${inputs} features, got ${x.length}`);
  for (let k = 0; k < outputs; k++) into[k] += bias[k];
  for (let i = 0; i < inputs; i++) {
    const v = x[i];
    if (v === 0) continue;
    const row = i * outputs;
    for (let k = 0; k < outputs; k++) into[k] += v * weights[row + k];
  }
  return into;
}

/** Softmax in place, shifted by the largest logit so that nothing overflows. */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  const top = Math.max(...logits);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += logits[k] = Math.exp(logits[k] - top);
  for (let k = 0; k < logits.length; k++) logits[k] /= sum;
  return logits;
}

/** Log-softmax in place. */
export function logSoftmaxInPlace(logits: Float64Array): Float64Array {
  const top = Math.max(...logits);
  let sum = 0;
  for (const l of logits) sum += Math.exp(l - top);
  const log = top + Math.log(sum);
  for (let k = 0; k < logits.length; k++) logits[k] -= log;
  return logits;
}

export interface SoftmaxProblem {
  /** One feature row per sample. */
  x: readonly ArrayLike<number>[];
  /** Each sample's logits before the fit (its prior): the fit learns only what to add to them. */
  offsets: readonly ArrayLike<number>[];
  labels: readonly number[];
  classes: number;
  /** How much each sample counts (all alike without): say, so that every speaker counts the same. */
  weights?: readonly number[];
}

export interface SoftmaxFit {
  /** L2 penalty on the weights (times half their squared norm); the bias takes a tenth of it. */
  l2: number;
  iterations: number;
  rate: number;
  /** Heavy-ball momentum (0: plain gradient descent): a lightly penalised fit converges in far fewer steps. */
  momentum?: number;
}

/** The mean negative log-likelihood of `problem` under `linear`, plus its penalty: what the fit minimises. */
export function softmaxLoss(problem: SoftmaxProblem, linear: Linear, l2: number): number {
  let loss = 0;
  const total = problem.weights?.reduce((a, b) => a + b, 0) ?? problem.x.length;
  problem.x.forEach((x, n) => {
    const logits = addAffine(x, linear, Float64Array.from(problem.offsets[n]));
    loss -= (logSoftmaxInPlace(logits)[problem.labels[n]] * (problem.weights?.[n] ?? 1)) / total;
  });
  const square = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0);
  return loss + 0.5 * l2 * (square(linear.weights) + 0.1 * square(linear.bias));
}

/**
 * Fits a softmax regression on top of fixed offsets, from zero: with a strong penalty it stays near the
 * prior, so a few samples move the answers only as far as they agree with each other.
 */
export function fitSoftmax(problem: SoftmaxProblem, { l2, iterations, rate, momentum = 0 }: SoftmaxFit): Linear {
  const { x, offsets, labels, classes } = problem;
  const n = x.length;
  if (n === 0) throw new RangeError('A fit needs at least one sample');
  const total = problem.weights?.reduce((a, b) => a + b, 0) ?? n;
  const share = (s: number) => (problem.weights ? problem.weights[s] : 1) / total;
  const inputs = x[0].length;
  const linear = zeroLinear(inputs, classes);
  const gradW = new Float64Array(inputs * classes);
  const gradB = new Float64Array(classes);
  const stepW = new Float64Array(inputs * classes);
  const stepB = new Float64Array(classes);
  for (let it = 0; it < iterations; it++) {
    gradW.fill(0);
    gradB.fill(0);
    for (let s = 0; s < n; s++) {
      const p = softmaxInPlace(addAffine(x[s], linear, Float64Array.from(offsets[s])));
      p[labels[s]] -= 1;
      const row = x[s];
      const w = share(s);
      for (let k = 0; k < classes; k++) gradB[k] += p[k] * w;
      for (let i = 0; i < inputs; i++) {
        const v = row[i] * w;
        if (v === 0) continue;
        const base = i * classes;
        for (let k = 0; k < classes; k++) gradW[base + k] += v * p[k];
      }
    }
    for (let j = 0; j < gradW.length; j++) linear.weights[j] += stepW[j] = momentum * stepW[j] - rate * (gradW[j] + l2 * linear.weights[j]);
    for (let k = 0; k < classes; k++) linear.bias[k] += stepB[k] = momentum * stepB[k] - rate * (gradB[k] + 0.1 * l2 * linear.bias[k]);
  }
  return linear;
}
