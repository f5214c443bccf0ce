import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, windowSamples } from './config';
import { rms, toDb } from './signal';
import { noise, padded, vowelLike } from './testing/signals';
import { activeSpan, coveredLength, isSilent, normalizeLevel, soundIslands, spanSamples, windowSpans } from './windows';

const config = FEATURE_CONFIG;
const rate = config.sampleRate;
const size = windowSamples(config);

describe('model windows over a clip', () => {
  it('finds the speech between leading and trailing silence', () => {
    const clip = padded(vowelLike(1, rate), rate / 2, rate);
    const span = activeSpan(clip, config);
    expect(span).not.toBeNull();
    expect(Math.abs(span!.start - rate / 2)).toBeLessThanOrEqual(config.hopSize);
    expect(Math.abs(span!.end - 1.5 * rate)).toBeLessThanOrEqual(config.hopSize);
  });

  it('centres one zero-padded window on a clip shorter than a window', () => {
    const clip = padded(vowelLike(1, rate), rate / 2, rate / 2);
    const spans = windowSpans(clip, config);
    expect(spans).toHaveLength(1);
    expect(spans[0].end - spans[0].start).toBe(size);
    const samples = spanSamples(clip, spans[0]);
    expect(samples).toHaveLength(size);
    // The speech (0.5-1.5 s of the clip) sits in the middle of the 3 s window.
    const offset = 0.5 * rate - spans[0].start;
    expect(Math.abs(offset - rate)).toBeLessThanOrEqual(config.hopSize);
    expect(samples[offset + 1000]).toBe(clip[0.5 * rate + 1000]);
  });

  it('covers a long clip with hopped windows, the last flush with the speech end', () => {
    const clip = vowelLike(7.5, rate);
    const spans = windowSpans(clip, config);
    expect(spans.map((s) => s.start)).toEqual([0, 16000, 32000, 48000, 64000, 72000]);
    expect(spans.every((s) => s.end - s.start === size)).toBe(true);
    expect(spanSamples(clip, spans[1]).buffer).toBe(clip.buffer); // a view, not a copy
  });

  it('gives no window to silence or to a faint hiss', () => {
    expect(windowSpans(new Float32Array(rate * 2), config)).toEqual([]);
    const hiss = noise(fromDbAmplitude(-70), 2, rate);
    expect(isSilent(hiss, config)).toBe(true);
    expect(windowSpans(hiss, config)).toEqual([]);
  });

  it('brings speech to the target level whatever its gain, and leaves silence at zero', () => {
    for (const gain of [0.2, 0.5, 1]) {
      const window = padded(
        vowelLike(2, rate).map((v) => v * gain),
        0,
        rate,
      );
      const out = normalizeLevel(window, config);
      expect(toDb(rms(out, 0, 2 * rate))).toBeCloseTo(config.targetLevelDb, 0);
      expect(out[2.5 * rate]).toBe(0);
    }
  });

  it('caps the gain so a faint window is not blown up into loud noise', () => {
    const faint = noise(fromDbAmplitude(config.silenceFloorDb + 1.5), 1, rate);
    const out = normalizeLevel(faint, config);
    expect(toDb(rms(out))).toBeCloseTo(toDb(rms(faint)) + config.maxGainDb, 1);
  });

  it('leaves a window below the silence floor as it is', () => {
    const hiss = noise(fromDbAmplitude(-70), 1, rate);
    expect(normalizeLevel(hiss, config)).toEqual(hiss);
  });
});

function fromDbAmplitude(db: number): number {
  return 10 ** (db / 20);
}

describe('coveredLength', () => {
  it('counts overlapping spans once and the gaps between them not at all', () => {
    expect(coveredLength([])).toBe(0);
    expect(
      coveredLength([
        { start: 5, end: 8 },
        { start: 0, end: 3 },
        { start: 2, end: 4 },
        { start: 7, end: 10 },
      ]),
    ).toBe(9);
    expect(
      coveredLength([
        { start: 1, end: 2 },
        { start: 1, end: 2 },
      ]),
    ).toBe(1);
  });
});

describe('soundIslands', () => {
  it('finds the stretches of sound between silences, joined across pauses under 0.3 s', () => {
    const gap = (seconds: number) => new Float32Array(Math.round(seconds * rate));
    // Sound at 0.5-1.5 s and 1.7-2.5 s (a 0.2 s pause: one island), then at 4-5 s.
    const clip = new Float32Array([...gap(0.5), ...vowelLike(1, rate), ...gap(0.2), ...vowelLike(0.8, rate), ...gap(1.5), ...vowelLike(1, rate), ...gap(0.5)]);
    const islands = soundIslands(clip, config).map((s) => [s.start / rate, s.end / rate]);
    expect(islands).toHaveLength(2);
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual((2 * config.hopSize) / rate);
    [
      [0.5, 2.5],
      [4, 5],
    ].forEach(([start, end], i) => {
      near(islands[i][0], start);
      near(islands[i][1], end);
    });
  });

  it('finds none in digital silence', () => {
    expect(soundIslands(new Float32Array(rate), config)).toEqual([]);
  });
});
