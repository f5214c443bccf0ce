import { describe, expect, it } from 'vitest';
import { createStreamResampler, resample } from './resample';
import { concatSamples, rms } from './signal';
import { dominantFrequency, sine } from './testing/signals';

/** RMS of the middle half, away from the filter's start-up and tail. */
function middleRms(signal: Float32Array): number {
  return rms(signal, Math.floor(signal.length / 4), Math.floor((3 * signal.length) / 4));
}

describe('resampling to 16 kHz', () => {
  for (const rate of [8000, 22050, 44100, 48000, 96000, 192000]) {
    it(`keeps a 1 kHz sine's frequency, amplitude and duration from ${rate} Hz`, async () => {
      const input = sine(1000, 0.5, 0.5, rate);
      const out = await resample(input, rate, 16000);
      expect(Math.abs(out.length - 8000)).toBeLessThanOrEqual(1);
      expect(middleRms(out)).toBeCloseTo(0.5 / Math.SQRT2, 2);
      expect(dominantFrequency(out.subarray(2000, 6000), 16000, 900, 1100)).toBe(1000);
    });
  }

  it('removes content above the new Nyquist instead of folding it back', async () => {
    const out = await resample(sine(12000, 0.5, 0.5, 48000), 48000, 16000);
    expect(middleRms(out)).toBeLessThan(0.005);
  });

  it('resamples a long signal (many chunks through the wasm heap) to exactly its duration', async () => {
    // 100 s at 11,025 Hz: 1.1 million samples.
    const out = await resample(sine(1000, 0.5, 100, 11025), 11025, 16000);
    expect(out.length).toBe(1_600_000);
    expect(middleRms(out)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(dominantFrequency(out.subarray(800_000, 804_000), 16000, 900, 1100)).toBe(1000);
  });

  it('keeps every sound at its time: no filter delay in the output', async () => {
    for (const rate of [44100, 48000, 8000]) {
      const input = new Float32Array(rate);
      input[Math.round(0.5 * rate)] = 1;
      const out = await resample(input, rate, 16000);
      const peak = out.reduce((best, v, i) => (Math.abs(v) > Math.abs(out[best]) ? i : best), 0);
      expect(Math.abs(peak - 8000)).toBeLessThanOrEqual(1);
    }
  });

  it('returns the input itself when the rate already matches', async () => {
    const input = sine(440, 0.1, 0.1, 16000);
    expect(await resample(input, 16000, 16000)).toBe(input);
  });

  it('rejects unsupported rates and empty input with clear errors', async () => {
    await expect(resample(new Float32Array(100), 4000, 16000)).rejects.toThrow(/Unsupported sample rate 4000/);
    await expect(resample(new Float32Array(0), 44100, 16000)).rejects.toThrow(/empty/);
  });

  it('streams chunk by chunk, in any sizes, to exactly the signal of one pass', async () => {
    for (const rate of [44100, 48000, 22050, 8000]) {
      const input = sine(700, 0.4, 3, rate).map((v, i) => v + 0.05 * Math.sin(i * 0.37));
      const whole = await resample(input, rate, 16000);
      const stream = await createStreamResampler(rate, 16000);
      const parts: Float32Array[] = [];
      for (let i = 0, k = 0; i < input.length; k++) {
        const size = [128, 1, 40_000, 3331][k % 4];
        parts.push(stream.push(input.subarray(i, i + size)));
        i += size;
      }
      parts.push(stream.finish());
      stream.dispose();
      expect(concatSamples(parts)).toEqual(whole);
    }
  });
});
