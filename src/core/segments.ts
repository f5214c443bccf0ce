import type { WindowResult } from './classify';
import { EMOTIONS, type Emotion, emotionProbabilities } from './labels';
import { readout } from './readout';

/** A stretch of speech with one answer: an emotion, or null where the answers were uncertain. */
export interface Segment {
  start: number;
  end: number;
  emotion: Emotion | null;
  /** Windows merged into it. */
  windows: number;
}

/** Windows whose centres are further apart than this have silence or non-speech between them. */
const MAX_STEP_SECONDS = 1.5;

const centre = (w: WindowResult) => (w.start + w.end) / 2;

/**
 * Consecutive windows merged into segments of one answer. A single window whose neighbours on both sides
 * agree with each other takes their answer (one odd window does not split a segment); an uncertain run
 * stays uncertain; a gap (silence, non-speech) always ends a segment. Each window stands for the second
 * around its centre, and a run's first and last windows for their whole span, inside the recording.
 */
export function segmentsOf(windows: readonly WindowResult[], uncertainBelow: number, duration: number): Segment[] {
  const labels = windows.map((w) => readout(emotionProbabilities(w.probs), uncertainBelow).emotion);
  /** Whether window i follows window i - 1 without a gap. */
  const joined = (i: number) => i > 0 && i < windows.length && centre(windows[i]) - centre(windows[i - 1]) <= MAX_STEP_SECONDS;
  const smoothed = labels.map((label, i) =>
    joined(i) && joined(i + 1) && labels[i - 1] === labels[i + 1] ? labels[i - 1] : label,
  );
  const segments: Segment[] = [];
  windows.forEach((w, i) => {
    const last = segments.at(-1);
    if (last && joined(i) && last.emotion === smoothed[i]) {
      last.windows++;
      last.end = w.end;
      return;
    }
    // A new segment after a change takes over at the midpoint between the two windows' centres.
    if (last && joined(i)) last.end = (centre(windows[i - 1]) + centre(w)) / 2;
    segments.push({ start: last && joined(i) ? last.end : w.start, end: w.end, emotion: smoothed[i], windows: 1 });
  });
  return segments.map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(duration, s.end) }));
}

export interface SpeechSummary {
  /** Seconds the segments cover. */
  speechSeconds: number;
  /** Share of the speech time per emotion (uncertain time counts in none). */
  shares: Record<Emotion, number>;
  uncertainShare: number;
  /** The emotion with the largest share, if any time was answered at all. */
  dominant: Emotion | null;
}

export function summaryOf(segments: readonly Segment[]): SpeechSummary {
  const speechSeconds = segments.reduce((sum, s) => sum + (s.end - s.start), 0);
  const share = (emotion: Emotion | null) =>
    speechSeconds ? segments.filter((s) => s.emotion === emotion).reduce((sum, s) => sum + (s.end - s.start), 0) / speechSeconds : 0;
  const shares = Object.fromEntries(EMOTIONS.map((e) => [e, share(e)])) as Record<Emotion, number>;
  const best = [...EMOTIONS].sort((a, b) => shares[b] - shares[a])[0];
  return { speechSeconds, shares, uncertainShare: share(null), dominant: shares[best] > 0 ? best : null };
}

/** The changes that matter in a long recording: its longest answered segments (at least `minSeconds`), in time order. */
export function longestSegments(segments: readonly Segment[], count = 3, minSeconds = 15): Segment[] {
  return segments
    .filter((s) => s.emotion && s.end - s.start >= minSeconds)
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, count)
    .sort((a, b) => a.start - b.start);
}
