import { describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../core/labels';
import type { LivePoint } from '../state/live';
import { emotionPaths, timeDomain } from './live-chart-geometry';

/** A point where `top` has probability p and the rest share 1 - p. */
function point(t: number, top: Emotion, p: number): LivePoint {
  const emotions = Object.fromEntries(EMOTIONS.map((e) => [e, e === top ? p : (1 - p) / 6])) as Record<Emotion, number>;
  return { t, emotions };
}

describe('live chart geometry', () => {
  it('shows the first span until that much has passed, then the last span', () => {
    expect(timeDomain([], 30)).toEqual([0, 30]);
    expect(timeDomain([point(12, 'sad', 0.5)], 30)).toEqual([0, 30]);
    expect(timeDomain([point(20, 'sad', 0.5), point(45.5, 'sad', 0.5)], 30)).toEqual([15.5, 45.5]);
  });

  it('draws each emotion at x = seconds since the start and y = 1 - probability', () => {
    const paths = emotionPaths([point(10.25, 'happy', 0.9), point(10.5, 'happy', 0.4)], 10);
    expect(paths.happy).toBe('M0.25 0.1 L0.5 0.6');
    expect(paths.sad).toBe('M0.25 0.983 L0.5 0.9');
  });

  it('breaks every line at silence instead of drawing through it', () => {
    const history = [point(1, 'angry', 1), point(2, 'angry', 0.5), { t: 3, emotions: null }, point(4, 'angry', 0)];
    expect(emotionPaths(history, 0).angry).toBe('M1 0 L2 0.5 M4 1 h0');
  });

  it('draws a lone point between silences as a dot (a zero-length segment)', () => {
    const history = [{ t: 1, emotions: null }, point(2, 'fear', 0.75), { t: 3, emotions: null }, point(4, 'fear', 0.5), point(5, 'fear', 0.25)];
    expect(emotionPaths(history, 0).fear).toBe('M2 0.25 h0 M4 0.5 L5 0.75');
  });

  it('draws nothing before the first speech', () => {
    const paths = emotionPaths([{ t: 1, emotions: null }], 0);
    expect(Object.values(paths)).toEqual(EMOTIONS.map(() => ''));
  });
});
