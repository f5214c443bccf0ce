/**
 * A weighted product of experts: each model's probabilities raised to its weight, multiplied, normalised
 * (a weighted mean of log-probabilities). How the app joins members that no one network holds (the
 * feature ensemble and the member on the speech encoder's frames), and how `crossval:combine` scores it.
 */
export function weightedProduct(probabilities: readonly ArrayLike<number>[], weights: readonly number[]): Float32Array {
  if (probabilities.length === 0 || probabilities.length !== weights.length) {
    throw new RangeError(`${probabilities.length} sets of probabilities for ${weights.length} weights`);
  }
  const n = probabilities[0].length;
  if (probabilities.some((p) => p.length !== n)) throw new RangeError('Probabilities of different lengths cannot be joined');
  const logs = new Float64Array(n);
  probabilities.forEach((p, m) => {
    for (let k = 0; k < n; k++) logs[k] += weights[m] * Math.log(Math.max(p[k], 1e-12));
  });
  const top = Math.max(...logs);
  const out = Float32Array.from(logs, (v) => Math.exp(v - top));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}
