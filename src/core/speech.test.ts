import { describe, expect, it } from 'vitest';
import { FRAME_SECONDS, VAD_FRAME, speechMask, speechSecondsIn, windowEndsInSpeech } from './speech';

describe('speechMask', () => {
  it('starts speech at 0.5 and keeps it while the probability stays at 0.35 or more', () => {
    expect([...speechMask([0.1, 0.49, 0.5, 0.4, 0.35, 0.34, 0.4, 0.6])]).toEqual([0, 0, 1, 1, 1, 0, 0, 1]);
  });
});

describe('speechSecondsIn', () => {
  it('counts the speech frames that overlap a span of samples', () => {
    const mask = Uint8Array.from([1, 1, 0, 1, 0]);
    expect(speechSecondsIn(mask, 0, 5 * VAD_FRAME)).toBeCloseTo(3 * FRAME_SECONDS);
    // Samples 600..1100 touch frames 1 and 2 only.
    expect(speechSecondsIn(mask, 600, 1100)).toBeCloseTo(FRAME_SECONDS);
    expect(speechSecondsIn(mask, -5000, 99999)).toBeCloseTo(3 * FRAME_SECONDS);
  });
});

describe('windowEndsInSpeech', () => {
  const frames = (speech: number[]) => Array.from({ length: 94 }, (_, i) => (speech.includes(i) ? 0.9 : 0.05));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('needs enough speech in the window and some of it in the last second', () => {
    expect(windowEndsInSpeech(frames(range(80, 94)))).toBe(true);
    // Plenty of speech, but all of it more than a second ago: the readout would describe the past.
    expect(windowEndsInSpeech(frames(range(0, 40)))).toBe(false);
    // A click's worth of speech at the end is not enough.
    expect(windowEndsInSpeech(frames([92, 93]))).toBe(false);
  });
});
