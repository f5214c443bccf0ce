/** Checks and conversions on raw sample buffers, shared by every entry point into the core. */

export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 192000;

export function assertSampleRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
    throw new RangeError(`Unsupported sample rate ${rate} Hz: expected ${MIN_SAMPLE_RATE}-${MAX_SAMPLE_RATE} Hz`);
  }
}

/** Throws on an empty signal or on NaN/Infinity samples, which would poison every feature downstream. */
export function assertSignal(signal: Float32Array, what = 'signal'): void {
  if (signal.length === 0) throw new RangeError(`The ${what} is empty (0 samples)`);
  for (let i = 0; i < signal.length; i++) {
    if (!Number.isFinite(signal[i])) {
      throw new RangeError(`The ${what} has a non-finite sample (${signal[i]}) at index ${i}`);
    }
  }
}

/** The parts one after the other, as one signal. */
export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Averages any number of equally long channels into one. */
export function mixdown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) throw new RangeError('No audio channels to mix');
  const length = channels[0].length;
  if (channels.some((c) => c.length !== length)) {
    throw new RangeError('Audio channels have different lengths');
  }
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] += channel[i];
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i] *= scale;
  return out;
}

export function rms(signal: ArrayLike<number>, start = 0, end = signal.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += signal[i] * signal[i];
  return end > start ? Math.sqrt(sum / (end - start)) : 0;
}

export function toDb(amplitude: number): number {
  return 20 * Math.log10(Math.max(amplitude, 1e-12));
}

export function fromDb(db: number): number {
  return 10 ** (db / 20);
}
