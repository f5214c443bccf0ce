import { describe, expect, it } from 'vitest';
import { assertSampleRate, assertSignal, mixdown } from './signal';

describe('signal checks', () => {
  it('mixes any channel count to their mean', () => {
    const a = Float32Array.from([1, 0, -1]);
    const b = Float32Array.from([0, 0.5, 1]);
    const c = Float32Array.from([0.5, 1, 0.5]);
    expect(Array.from(mixdown([a, b, c]))).toEqual([0.5, 0.5, 0.1666666716337204]);
    expect(mixdown([a])).toBe(a);
  });

  it('refuses no channels and ragged channels', () => {
    expect(() => mixdown([])).toThrow(/No audio channels/);
    expect(() => mixdown([new Float32Array(2), new Float32Array(3)])).toThrow(/different lengths/);
  });

  it('refuses empty signals and non-finite samples, naming where', () => {
    expect(() => assertSignal(new Float32Array(0))).toThrow(/empty/);
    expect(() => assertSignal(Float32Array.from([0, Number.NaN]))).toThrow(/NaN\) at index 1/);
    expect(() => assertSignal(Float32Array.from([Infinity]))).toThrow(/non-finite/);
  });

  it('accepts 8 to 192 kHz and nothing else', () => {
    for (const rate of [8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000]) {
      expect(() => assertSampleRate(rate)).not.toThrow();
    }
    for (const rate of [0, 4000, 7999, 192001, 384000, Number.NaN]) {
      expect(() => assertSampleRate(rate)).toThrow(/Unsupported sample rate/);
    }
  });
});
