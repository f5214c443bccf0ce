import { type ClipResult, type WindowResult, summarize } from './classify';
import { EMOTIONS, type Emotion } from './labels';
import { type Readout, readout } from './readout';

/** One thing said: a span of the speech detector's, with the answer of the windows that heard it. */
export interface Utterance {
  start: number;
  end: number;
  /** The answer of its windows' mean (null: uncertain), by the same rule as a clip's. */
  emotion: Emotion | null;
  confidence: number;
  /** The emotions it lies between when uncertain, else its one emotion. */
  candidates: Emotion[];
  /** Its windows' mean probability of each emotion. */
  emotions: Record<Emotion, number>;
  /** Windows whose speech overlaps it. */
  windows: number;
}

/** An answer of an utterance or a block: an emotion, or uncertain. */
export type Answer = Emotion | 'uncertain';
export const answerOf = (u: { emotion: Emotion | null }): Answer => u.emotion ?? 'uncertain';

/** A run of utterances of mostly one answer. */
export interface Block {
  start: number;
  end: number;
  /** The most common answer of its utterances. */
  emotion: Emotion | null;
  utterances: number;
  /** How many of them have that answer. */
  agreeing: number;
}

export interface UtteranceSummary {
  utterances: Utterance[];
  /** Utterances per answer, uncertain ones included. */
  counts: Record<Answer, number>;
  /** The most common utterance answer; uncertain when two answers tie for it. */
  overall: Readout;
  blocks: Block[];
  /** Seconds of the utterances together. */
  speechSeconds: number;
}

type Span = { start: number; end: number };

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/**
 * The utterances of a result: the detector's spans, or, for a result read without one (or kept from before
 * the app kept them), the windows' speech joined where windows follow on. An utterance no window's speech
 * reaches is left out: it was not classified.
 */
function spansOf(result: Pick<ClipResult, 'windows' | 'speech'>): Span[] {
  if (result.speech) return result.speech.utterances;
  const spans: Span[] = [];
  for (const w of result.windows) {
    const s = w.speech ?? w;
    const last = spans.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else spans.push({ start: s.start, end: s.end });
  }
  return spans;
}

/** Each utterance with the answer of the mean of the windows whose speech overlaps it. */
export function utterancesOf(result: Pick<ClipResult, 'windows' | 'speech'>, uncertainBelow: number): Utterance[] {
  // Windows and spans are both in time order: a window's speech overlaps a run of consecutive spans.
  let first = 0;
  return spansOf(result).flatMap((span) => {
    while (first < result.windows.length && (result.windows[first].speech ?? result.windows[first]).end <= span.start) first++;
    const mine: WindowResult[] = [];
    for (let i = first; i < result.windows.length && result.windows[i].start < span.end; i++) {
      if (overlaps(result.windows[i].speech ?? result.windows[i], span)) mine.push(result.windows[i]);
    }
    if (mine.length === 0) return [];
    const { emotions } = summarize(mine);
    const { emotion, confidence, candidates } = readout(emotions, uncertainBelow);
    return [{ start: span.start, end: span.end, emotion, confidence, candidates, emotions, windows: mine.length }];
  });
}

const ANSWERS: readonly Answer[] = [...EMOTIONS, 'uncertain'];

function countsOf(utterances: readonly Utterance[]): Record<Answer, number> {
  const counts = Object.fromEntries(ANSWERS.map((a) => [a, 0])) as Record<Answer, number>;
  for (const u of utterances) counts[answerOf(u)]++;
  return counts;
}

/**
 * The recording's answer: its most common utterance answer, with the mean confidence of the utterances
 * that gave it. Between answers tied for the most, the answer of all the windows' mean decides if it is
 * one of them (a clip of two utterances then reads as the evaluator reads it); else it is uncertain.
 */
function overallOf(utterances: readonly Utterance[], counts: Record<Answer, number>, mean: Readout): Readout {
  const ranked = [...ANSWERS].sort((a, b) => counts[b] - counts[a]);
  const tied = ranked.filter((a) => counts[a] === counts[ranked[0]]);
  const top = tied.length === 1 ? ranked[0] : (tied.find((a) => a === answerOf(mean)) ?? 'uncertain');
  const agreeing = utterances.filter((u) => answerOf(u) === top);
  const confidence = agreeing.reduce((sum, u) => sum + u.confidence, 0) / Math.max(1, agreeing.length);
  if (top !== 'uncertain') return { emotion: top, confidence, candidates: [top] };
  // Uncertain: between the two likeliest emotions that the utterances name (or, when none names one, the
  // candidates of the uncertain ones).
  const named = ranked.filter((a): a is Emotion => a !== 'uncertain' && counts[a] > 0);
  const candidates = named.length >= 2 ? named.slice(0, 2) : [...new Set([...named, ...agreeing.flatMap((u) => u.candidates)])].slice(0, 2);
  return { emotion: null, confidence, candidates };
}

/** Utterances further apart than this are in different blocks: a long silence or non-speech between. */
export const BLOCK_GAP_SECONDS = 5;
/** A run of one answer with fewer utterances than this is merged into a longer neighbour of its block. */
const MIN_BLOCK_UTTERANCES = 3;

/**
 * Runs of one answer, as blocks: consecutive utterances with the same answer are one; then a run shorter
 * than `MIN_BLOCK_UTTERANCES` joins its longer neighbour, shortest first, unless a long pause parts them.
 * A block's answer is its utterances' most common one; blocks without a long pause between them meet at the
 * midpoint of the pause, so that together they cover the stretch.
 */
export function blocksOf(utterances: readonly Utterance[]): Block[] {
  // Each run keeps its answers' counts, so that its most common answer is read, not recounted, after a merge.
  type Run = { from: number; to: number; counts: Record<Answer, number> };
  const runs: Run[] = [];
  utterances.forEach((u, i) => {
    const last = runs.at(-1);
    if (last && answerOf(utterances[last.to]) === answerOf(u) && u.start - utterances[last.to].end < BLOCK_GAP_SECONDS) {
      last.to = i;
      last.counts[answerOf(u)]++;
    } else runs.push({ from: i, to: i, counts: countsOf([u]) });
  });
  const size = (r: Run) => r.to - r.from + 1;
  const joined = (a: number, b: number) => utterances[runs[b].from].start - utterances[runs[a].to].end < BLOCK_GAP_SECONDS;
  const majority = (r: Run) => ANSWERS.reduce((best, a) => (r.counts[a] > r.counts[best] ? a : best));
  /** Runs `lo` and `lo + 1` as one. */
  const merge = (lo: number) => {
    const [a, b] = [runs[lo], runs[lo + 1]];
    const counts = Object.fromEntries(ANSWERS.map((x) => [x, a.counts[x] + b.counts[x]])) as Record<Answer, number>;
    runs.splice(lo, 2, { from: a.from, to: b.to, counts });
  };
  const agrees = (a: number) => a >= 0 && a + 1 < runs.length && joined(a, a + 1) && majority(runs[a]) === majority(runs[a + 1]);
  for (;;) {
    const candidates = runs
      .map((r, i) => ({ i, n: size(r) }))
      .filter(({ i, n }) => n < MIN_BLOCK_UTTERANCES && ((i > 0 && joined(i - 1, i)) || (i + 1 < runs.length && joined(i, i + 1))));
    if (candidates.length === 0) break;
    const { i } = candidates.reduce((a, b) => (b.n < a.n ? b : a));
    const neighbours = [i - 1, i + 1].filter((j) => j >= 0 && j < runs.length && joined(Math.min(i, j), Math.max(i, j)));
    const into = neighbours.reduce((a, b) => (size(runs[b]) > size(runs[a]) ? b : a));
    let k = Math.min(i, into);
    merge(k);
    // Only the merged run's answer changed: its neighbours that now agree with it join it (the right one, then leftwards).
    if (agrees(k)) merge(k);
    while (agrees(k - 1)) merge(--k);
  }
  const blocks = runs.map((r) => {
    const answer = majority(r);
    const mine = utterances.slice(r.from, r.to + 1);
    return {
      start: mine[0].start,
      end: mine.at(-1)!.end,
      emotion: answer === 'uncertain' ? null : answer,
      utterances: mine.length,
      agreeing: mine.filter((u) => answerOf(u) === answer).length,
    };
  });
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    if (next && next.start - b.end < BLOCK_GAP_SECONDS) b.end = next.start = (b.end + next.start) / 2;
  });
  return blocks;
}

/** The utterances of a result, their counts, the recording's answer, and its blocks. */
export function utteranceSummary(result: Pick<ClipResult, 'windows' | 'speech' | 'emotions'>, uncertainBelow: number): UtteranceSummary {
  const utterances = utterancesOf(result, uncertainBelow);
  const counts = countsOf(utterances);
  return {
    utterances,
    counts,
    overall: overallOf(utterances, counts, readout(result.emotions, uncertainBelow)),
    blocks: blocksOf(utterances),
    speechSeconds: utterances.reduce((sum, u) => sum + (u.end - u.start), 0),
  };
}

/** "by utterance: angry 9, sad 4, uncertain 3", most common first. */
export function countsText(counts: Record<Answer, number>): string {
  const named = ANSWERS.filter((a) => counts[a] > 0).sort((a, b) => counts[b] - counts[a]);
  return `by utterance: ${named.map((a) => `${a} ${counts[a]}`).join(', ')}`;
}
