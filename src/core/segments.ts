import { type WindowResult, summarize } from './classify';
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
    // At the edges of a stretch of speech, a window reaches into what is not: the segment stops at its speech.
    const [start, end] = [w.speech?.start ?? w.start, w.speech?.end ?? w.end];
    if (last && joined(i) && last.emotion === smoothed[i]) {
      last.windows++;
      last.end = end;
      return;
    }
    // A new segment after a change takes over at the midpoint between the two windows' centres.
    if (last && joined(i)) last.end = (centre(windows[i - 1]) + centre(w)) / 2;
    segments.push({ start: last && joined(i) ? last.end : start, end, emotion: smoothed[i], windows: 1 });
  });
  const answerOf = (first: number, count: number) => readout(summarize(windows.slice(first, first + count)).emotions, uncertainBelow).emotion;
  return absorbShort(segments, answerOf).map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(duration, s.end) }));
}

/** A segment shorter than this that touches another (no gap between) is merged into its longer neighbour. */
const MIN_SEGMENT_SECONDS = 3;

/**
 * Merges short segments into their longer touching neighbour, shortest first, so that a block reads as one
 * answer: the answer of the mean of its windows (`answerOf(first window, count)`), as the whole recording's
 * answer is its windows' mean. A clip of three windows, one sure and two unsure, then reads as the clip does.
 */
function absorbShort(input: Segment[], answerOf: (first: number, count: number) => Emotion | null): Segment[] {
  const segments = input.map((s) => ({ ...s }));
  // Segments are in time order: the only ones that can touch segment i are i - 1 and i + 1.
  const touching = (i: number) => [i - 1, i + 1].filter((j) => segments[j] && (segments[j].end === segments[i].start || segments[j].start === segments[i].end));
  // Every window is in one segment, in order: a segment's first window is the count of those before it.
  const firstWindow = (i: number) => segments.slice(0, i).reduce((n, s) => n + s.windows, 0);
  const merge = (into: number, from: number) => {
    const [a, b] = [segments[into], segments[from]];
    const first = firstWindow(Math.min(into, from));
    Object.assign(a, { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), windows: a.windows + b.windows, emotion: answerOf(first, a.windows + b.windows) });
    segments.splice(from, 1);
    return from < into ? into - 1 : into;
  };
  for (;;) {
    let shortest = -1;
    segments.forEach((s, i) => {
      const length = s.end - s.start;
      if (length < MIN_SEGMENT_SECONDS && touching(i).length && (shortest < 0 || length < segments[shortest].end - segments[shortest].start)) shortest = i;
    });
    if (shortest < 0) return segments;
    const longer = touching(shortest).sort((a, b) => segments[b].end - segments[b].start - (segments[a].end - segments[a].start))[0];
    let k = merge(longer, shortest);
    // Neighbours with the same answer, now touching, are one segment.
    for (const j of touching(k).reverse()) if (segments[j].emotion === segments[k].emotion) k = merge(k, j);
  }
}

export interface SpeechSummary {
  /** Seconds the windows cover. */
  speechSeconds: number;
  /** Share of the speech time per emotion, each stretch counted for its likeliest emotion: they sum to 1. */
  shares: Record<Emotion, number>;
  /** Share of the speech time whose answer is uncertain (under the threshold). */
  uncertainShare: number;
  /** The emotion with the largest share (null without speech). */
  dominant: Emotion | null;
  /** The segments of the answers as the app gives them (uncertain ones included). */
  segments: Segment[];
}

const lengthOf = (segments: readonly Segment[]) => segments.reduce((sum, s) => sum + (s.end - s.start), 0);

export function summaryOf(windows: readonly WindowResult[], uncertainBelow: number, duration: number): SpeechSummary {
  // With no threshold every stretch has an emotion: the shares of the time then sum to 1.
  const named = segmentsOf(windows, 0, duration);
  const speechSeconds = lengthOf(named);
  const share = (emotion: Emotion) => (speechSeconds ? lengthOf(named.filter((s) => s.emotion === emotion)) / speechSeconds : 0);
  const shares = Object.fromEntries(EMOTIONS.map((e) => [e, share(e)])) as Record<Emotion, number>;
  const segments = segmentsOf(windows, uncertainBelow, duration);
  const uncertain = segments.filter((s) => s.emotion === null);
  const best = [...EMOTIONS].sort((a, b) => shares[b] - shares[a])[0];
  return { speechSeconds, shares, uncertainShare: speechSeconds ? lengthOf(uncertain) / speechSeconds : 0, dominant: speechSeconds ? best : null, segments };
}

/** The changes that matter in a long recording: its longest answered segments (at least `minSeconds`), in time order. */
export function longestSegments(segments: readonly Segment[], count = 3, minSeconds = 15): Segment[] {
  return segments
    .filter((s) => s.emotion && s.end - s.start >= minSeconds)
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, count)
    .sort((a, b) => a.start - b.start);
}
