import * as ort from 'onnxruntime-web/wasm';

/**
 * Speech detection with Silero VAD v5 (MIT licence, shipped in @ricky0123/vad-web) on onnxruntime-web's
 * wasm backend, which runs unchanged in Node, the worker and the page. The caller supplies the model's
 * bytes (read from disk in Node, fetched in the browser); onnxruntime finds its wasm binary beside its
 * module (in a bundle, Vite emits it as an asset).
 */

/** The rate, frame and look-back context the model was trained with (silero-vad's OnnxWrapper at 16 kHz). */
export const VAD_RATE = 16000;
export const VAD_FRAME = 512;
const CONTEXT = 64;
const STATE_SIZE = 2 * 128;

/** Silero's own thresholds: a frame starts speech at 0.5 and speech lasts while it stays over 0.35. */
const ON = 0.5;
const OFF = 0.35;

/**
 * A long signal is cut into rows of about 10 s, each read from a fresh state as if it were a recording of
 * its own, and the rows run side by side as one batch. A shorter signal is one row, read exactly as the
 * live stream reads it. (Rows that start from another row's state do not agree with a sequential read:
 * the model's state carries seconds of history, which no short warm-up recovers.)
 */
const ROW_FRAMES = 312;
const ROWS_PER_RUN = 32;

export const FRAME_SECONDS = VAD_FRAME / VAD_RATE;

ort.env.logLevel = 'error';
ort.env.wasm.numThreads = 1;

export interface SpeechDetector {
  /**
   * Speech probability of every 32 ms frame of a 16 kHz signal (the last frame zero-padded); `onProgress`
   * gets the fraction read now and then.
   */
  frameProbabilities(signal: Float32Array, onProgress?: (fraction: number) => void): Promise<Float32Array>;
  /** A detector that keeps its state between calls, for a live stream. */
  stream(): SpeechStream;
}

export interface SpeechStream {
  /** Takes the next samples at 16 kHz; returns the probabilities of the frames they complete. */
  push(samples: Float32Array): Promise<number[]>;
  /** Frees what the stream holds (a detector in another worker keeps its state there). */
  close(): void;
}

export async function createSpeechDetector(model: Uint8Array): Promise<SpeechDetector> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_RATE)]), []);
  const run = async (input: Float32Array, rows: number, state: Float32Array) => {
    const out = await session.run({
      input: new ort.Tensor('float32', input, [rows, CONTEXT + VAD_FRAME]),
      state: new ort.Tensor('float32', state, [2, rows, 128]),
      sr,
    });
    return { probs: out.output.data as Float32Array, state: out.stateN.data as Float32Array };
  };
  return {
    frameProbabilities: (signal, onProgress) => frameProbabilities(run, signal, onProgress),
    stream: () => speechStream(run),
  };
}

type Run = (input: Float32Array, rows: number, state: Float32Array) => Promise<{ probs: Float32Array; state: Float32Array }>;

/** Frame f's input: the 64 samples before it and its 512, zeros outside the signal. */
function frameInput(signal: Float32Array, frame: number, into: Float32Array, offset: number): void {
  const start = frame * VAD_FRAME - CONTEXT;
  const from = Math.max(0, start);
  const to = Math.min(signal.length, start + CONTEXT + VAD_FRAME);
  into.fill(0, offset, offset + CONTEXT + VAD_FRAME);
  if (to > from) into.set(signal.subarray(from, to), offset + from - start);
}

/** Steps (calls) between progress reports: a report may cross threads. */
const PROGRESS_STEPS = 16;

/** A recurrent model read frame by frame costs one call per 32 ms: rows in a batch share the calls. */
async function frameProbabilities(run: Run, signal: Float32Array, onProgress?: (fraction: number) => void): Promise<Float32Array> {
  const frames = Math.ceil(signal.length / VAD_FRAME);
  const probs = new Float32Array(frames);
  const rowCount = Math.ceil(frames / ROW_FRAMES);
  const width = CONTEXT + VAD_FRAME;
  const runs = Array.from({ length: Math.ceil(rowCount / ROWS_PER_RUN) }, (_, k) => k * ROWS_PER_RUN);
  const stepsOf = (first: number) => Math.min(ROW_FRAMES, frames - first * ROW_FRAMES);
  const totalSteps = runs.reduce((n, first) => n + stepsOf(first), 0);
  let done = 0;
  for (const first of runs) {
    const rows = Math.min(ROWS_PER_RUN, rowCount - first);
    let state: Float32Array = new Float32Array(STATE_SIZE * rows);
    const input = new Float32Array(rows * width);
    const steps = stepsOf(first);
    for (let step = 0; step < steps; step++) {
      if (++done % PROGRESS_STEPS === 0) onProgress?.(done / totalSteps);
      for (let r = 0; r < rows; r++) frameInput(signal, (first + r) * ROW_FRAMES + step, input, r * width);
      const out = await run(input, rows, state);
      state = out.state;
      for (let r = 0; r < rows; r++) {
        const frame = (first + r) * ROW_FRAMES + step;
        if (frame < frames) probs[frame] = out.probs[r];
      }
    }
  }
  return probs;
}

function speechStream(run: Run): SpeechStream {
  let state: Float32Array = new Float32Array(STATE_SIZE);
  // The last 64 samples of the previous frame, then the samples of the frame being filled.
  let pending = new Float32Array(CONTEXT);
  return {
    async push(samples) {
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      const probs: number[] = [];
      let start = 0;
      while (joined.length - start >= CONTEXT + VAD_FRAME) {
        const out = await run(joined.slice(start, start + CONTEXT + VAD_FRAME), 1, state);
        state = out.state;
        probs.push(out.probs[0]);
        start += VAD_FRAME;
      }
      pending = joined.slice(start);
      return probs;
    },
    close: () => {},
  };
}

/** Speech (1) or not (0) per frame, with Silero's hysteresis so that speech does not flicker in a word. */
export function speechMask(probs: ArrayLike<number>): Uint8Array {
  const mask = new Uint8Array(probs.length);
  let speaking = false;
  for (let i = 0; i < probs.length; i++) {
    speaking = speaking ? probs[i] >= OFF : probs[i] >= ON;
    mask[i] = speaking ? 1 : 0;
  }
  return mask;
}

/**
 * A model window counts as speech when it holds at least this much: about a stressed syllable. Chosen on
 * the corpora's clips and generated non-speech (training/SPEECH.md).
 */
export const MIN_WINDOW_SPEECH_SECONDS = 0.25;

type Span = { start: number; end: number };

/** Seconds of speech the detector hears in each span (samples of `signal`). */
export async function speechSecondsOf(detector: SpeechDetector, signal: Float32Array, spans: readonly Span[]): Promise<number[]> {
  const mask = speechMask(await detector.frameProbabilities(signal));
  return spans.map((s) => speechSecondsIn(mask, s.start, s.end));
}

/**
 * The spans that hold enough speech to classify, each with where its speech starts and ends (samples,
 * the span's first and last speech frame): a window may reach into silence or music on either side.
 */
export async function speechWindows<S extends Span>(
  detector: SpeechDetector,
  signal: Float32Array,
  spans: S[],
  onProgress?: (fraction: number) => void,
): Promise<(S & { speech: Span })[]> {
  const mask = speechMask(await detector.frameProbabilities(signal, onProgress));
  return spans.flatMap((s) => {
    if (speechSecondsIn(mask, s.start, s.end) < MIN_WINDOW_SPEECH_SECONDS) return [];
    const first = Math.max(0, Math.floor(s.start / VAD_FRAME));
    const last = Math.min(mask.length, Math.ceil(s.end / VAD_FRAME)) - 1;
    let [from, to] = [first, last];
    while (!mask[from]) from++;
    while (!mask[to]) to--;
    return [{ ...s, speech: { start: Math.max(s.start, from * VAD_FRAME), end: Math.min(s.end, (to + 1) * VAD_FRAME) } }];
  });
}

/** Frames in a second: live readouts describe now, so the window's last second must hold some speech. */
const SECOND_FRAMES = Math.round(1 / FRAME_SECONDS);
const MIN_LAST_SECOND_FRAMES = 3;

/** Live: whether a window's frames (oldest first) hold enough speech, some of it in the last second. */
export function windowEndsInSpeech(probs: ArrayLike<number>): boolean {
  const mask = speechMask(probs);
  const total = speechSecondsIn(mask, 0, mask.length * VAD_FRAME);
  const recent = mask.subarray(Math.max(0, mask.length - SECOND_FRAMES)).reduce((a, b) => a + b, 0);
  return total >= MIN_WINDOW_SPEECH_SECONDS && recent >= MIN_LAST_SECOND_FRAMES;
}

/** Seconds of speech frames among the frames that overlap samples [start, end) of the signal. */
export function speechSecondsIn(mask: Uint8Array, start: number, end: number): number {
  const first = Math.max(0, Math.floor(start / VAD_FRAME));
  const last = Math.min(mask.length, Math.ceil(end / VAD_FRAME));
  let count = 0;
  for (let i = first; i < last; i++) count += mask[i];
  return count * FRAME_SECONDS;
}
