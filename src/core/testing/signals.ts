import { createGaussian } from '../random';

/** Test signals with known properties. */
export function sine(frequency: number, amplitude: number, seconds: number, rate: number): Float32Array {
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

export function noise(amplitude: number, seconds: number, rate: number, seed = 1): Float32Array {
  const gaussian = createGaussian(seed);
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * gaussian();
  return out;
}

/** A voiced, vowel-like test sound: a 150 Hz harmonic series with a syllable-rate envelope. */
export function vowelLike(seconds: number, rate: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    let v = 0;
    for (let h = 1; h <= 12; h++) v += Math.sin(2 * Math.PI * 150 * h * t) / h;
    out[i] = 0.2 * v * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t));
  }
  return out;
}

/** Zero-pads a signal on both sides. */
export function padded(signal: Float32Array, before: number, after: number): Float32Array {
  const out = new Float32Array(before + signal.length + after);
  out.set(signal, before);
  return out;
}

/** Frequency of the strongest DFT bin between lo and hi Hz, searched at 1 Hz steps (slow, exact). */
export function dominantFrequency(signal: Float32Array, rate: number, lo: number, hi: number): number {
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < signal.length; i++) {
      const phase = (2 * Math.PI * f * i) / rate;
      re += signal[i] * Math.cos(phase);
      im += signal[i] * Math.sin(phase);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}
