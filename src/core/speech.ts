import { ort } from './onnx';

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
 * its own, and the rows run side by side in batches of four. A shorter signal is one row, read exactly as
 * the live stream reads it. (Rows that start from another row's state do not agree with a sequential
 * read: the model's state carries seconds of history, which no short warm-up recovers.) A batch is read
 * as soon as its 40 s of audio are in, so a file is read while it is still being decoded, and batches are
 * independent, so several workers may read them at once; four rows cost 7% more per frame than 32.
 */
export const ROW_FRAMES = 312;
const ROWS_PER_BATCH = 4;
const BATCH_SAMPLES = ROWS_PER_BATCH * ROW_FRAMES * VAD_FRAME;

type Span = { start: number; end: number };

/** Rows `first` to `first + rows - 1`, read for `steps` frames each. */
export interface Batch {
  first: number;
  rows: number;
  steps: number;
}

/**
 * Reads one batch from its samples (from the context before its first frame to its end, or the signal's;
 * a copy of the reader's own, which it may hand to another worker): each row's frame probabilities in
 * turn, `steps` of them per row.
 */
export type BatchReader = (samples: Float32Array, batch: Batch) => Promise<Float32Array>;

/** Where a batch's samples start in the signal: its first frame's look-back context (none before 0). */
const batchOrigin = (first: number) => Math.max(0, first * ROW_FRAMES * VAD_FRAME - CONTEXT);

export const FRAME_SECONDS = VAD_FRAME / VAD_RATE;

/** Throws unless signals at `rate` can be read: the detector's frames and a window's samples must be one clock. */
export function assertDetectorRate(rate: number): void {
  if (rate !== VAD_RATE) throw new Error(`The speech detector reads ${VAD_RATE} Hz audio, but the features are computed at ${rate} Hz`);
}

export interface SpeechDetector {
  /** Reads one batch of rows of a signal (`createReading` cuts a signal into them). */
  readBatch: BatchReader;
  /** A detector that keeps its state between calls, for a live stream. */
  stream(): SpeechStream;
}

/** A reading of one 16 kHz signal that is handed over in pieces, as it is decoded. */
export interface SpeechReading {
  /** The signal's next samples. */
  push(samples: Float32Array): void;
  /**
   * Ends the signal; resolves with the speech probability of each of its 32 ms frames (the last one
   * zero-padded). `onProgress` gets the fraction read now and then. With `alone`, the stretches of sound
   * that the reading heard little speech in are read again, each on its own (`hearAlone`).
   */
  finish(onProgress?: (fraction: number) => void, alone?: Islands): Promise<Float32Array>;
  /** Drops the reading (a file that broke off): no more batches run, and its audio is let go. */
  cancel(): void;
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
  // One call at a time: a session does not run twice at once (its wasm stack would be shared), and several
  // batches, of one reading or two (a block read while the one before it finishes), and the live stream
  // may all be under way.
  let queue: Promise<unknown> = Promise.resolve();
  const run: Run = (input, rows, state) => {
    const call = queue.then(() =>
      session.run({
        input: new ort.Tensor('float32', input, [rows, CONTEXT + VAD_FRAME]),
        state: new ort.Tensor('float32', state, [2, rows, 128]),
        sr,
      }),
    );
    queue = call.catch(() => {});
    return call.then((out) => ({ probs: out.output.data as Float32Array, state: out.stateN.data as Float32Array }));
  };
  return {
    readBatch: (samples, batch) => readBatch(run, samples, batch),
    stream: () => speechStream(run),
  };
}

/** Reads one batch with a model's calls (in the worker, or the thread, that holds the model). */
async function readBatch(run: Run, samples: Float32Array, { first, rows, steps }: Batch): Promise<Float32Array> {
  const origin = batchOrigin(first);
  const width = CONTEXT + VAD_FRAME;
  const probs = new Float32Array(rows * steps);
  let state: Float32Array = new Float32Array(STATE_SIZE * rows);
  const input = new Float32Array(rows * width);
  for (let step = 0; step < steps; step++) {
    for (let r = 0; r < rows; r++) frameInput(samples, ((first + r) * ROW_FRAMES + step) * VAD_FRAME - CONTEXT - origin, input, r * width);
    const out = await run(input, rows, state);
    state = out.state;
    for (let r = 0; r < rows; r++) probs[r * steps + step] = out.probs[r];
  }
  return probs;
}

/** A reading of a whole signal, handed over at once: it starts at once, and `finish` gives its frames. */
export function readWhole(detector: SpeechDetector, signal: Float32Array): SpeechReading {
  const reading = createReading(detector.readBatch);
  reading.push(signal);
  return reading;
}

/** Every frame's speech probability of a whole signal, its stretches of sound `islands` heard alone where needed. */
export function frameProbabilities(
  detector: SpeechDetector,
  signal: Float32Array,
  islands: readonly Span[] = [],
  onProgress?: (fraction: number) => void,
): Promise<Float32Array> {
  return readWhole(detector, signal).finish(onProgress, { signal, islands });
}

/** A signal and its stretches of sound between silences (samples), as `hearAlone` takes them. */
export interface Islands {
  signal: Float32Array;
  islands: readonly Span[];
}

/** Frames of the silence before an island that its reading alone starts with (about a quarter second). */
const LEAD_FRAMES = 8;

/**
 * The detector's state carries seconds of history, and in a long recording that history can make it deaf
 * to a whole quiet utterance that it hears at once on its own (a fearful RAVDESS clip among others, issue
 * 29). So each stretch of sound between silences that the reading of the whole heard as speech for less than
 * half its length is read again alone, from a fresh state just before it, and a frame is speech if either
 * reading hears it. Stretches longer than a row are left as they are: rows already start from fresh states.
 */
async function hearAlone(read: BatchReader, probs: Float32Array, { signal, islands }: Islands): Promise<Float32Array> {
  const mask = speechMask(probs);
  const out = probs.slice();
  await Promise.all(
    islands.map(async (island) => {
      const first = Math.max(0, Math.floor(island.start / VAD_FRAME) - LEAD_FRAMES);
      const last = Math.min(probs.length, Math.ceil(island.end / VAD_FRAME));
      if (island.end - island.start < MIN_WINDOW_SPEECH_SECONDS * VAD_RATE) return;
      const heard = mask.subarray(first, last).reduce((a, b) => a + b, 0);
      if (last - first > ROW_FRAMES || 2 * heard >= last - first - LEAD_FRAMES) return;
      const alone = await read(signal.slice(first * VAD_FRAME, last * VAD_FRAME), { first: 0, rows: 1, steps: last - first });
      alone.forEach((p, i) => (out[first + i] = Math.max(out[first + i], p)));
    }),
  );
  return out;
}

type Run = (input: Float32Array, rows: number, state: Float32Array) => Promise<{ probs: Float32Array; state: Float32Array }>;

/** A frame's input from `start` in `signal`: the 64 samples before the frame and its 512, zeros outside the signal. */
function frameInput(signal: Float32Array, start: number, into: Float32Array, offset: number): void {
  const from = Math.max(0, start);
  const to = Math.min(signal.length, start + CONTEXT + VAD_FRAME);
  into.fill(0, offset, offset + CONTEXT + VAD_FRAME);
  if (to > from) into.set(signal.subarray(from, to), offset + from - start);
}

/**
 * Reads a signal that comes in pieces: each batch of rows is handed to `readBatch` once its audio is in
 * (the last, which may reach past the signal's end, at `finish`). The batches are the same however the
 * signal is cut into pieces, and so are the results.
 */
export function createReading(read: BatchReader): SpeechReading {
  // The audio not yet handed to a batch: `signal[0]` is sample `base` of the whole, which is `length` long.
  let signal = new Float32Array(BATCH_SAMPLES);
  let base = 0;
  let length = 0;
  let ended = false;
  let cancelled = false;
  let scheduled = 0;
  const batches: { batch: Batch; probs: Promise<Float32Array> }[] = [];
  let onProgress: ((fraction: number) => void) | undefined;
  let stepsDone = 0;

  const schedule = () => {
    const frames = Math.ceil(length / VAD_FRAME);
    // A batch is read once its audio is complete, or at the end.
    while (ended ? scheduled * ROW_FRAMES < frames : (scheduled + ROWS_PER_BATCH) * ROW_FRAMES * VAD_FRAME <= length) {
      const first = scheduled;
      scheduled += ROWS_PER_BATCH;
      const batch = { first, rows: Math.min(ROWS_PER_BATCH, Math.ceil(frames / ROW_FRAMES) - first), steps: Math.min(ROW_FRAMES, frames - first * ROW_FRAMES) };
      const samples = signal.slice(batchOrigin(first) - base, Math.min(length, (first + batch.rows) * ROW_FRAMES * VAD_FRAME) - base);
      const probs = read(samples, batch).then((p) => {
        stepsDone += batch.steps;
        onProgress?.(stepsDone / totalSteps());
        return p;
      });
      // Awaited at `finish`; a failure before it is not an unhandled one.
      probs.catch(() => {});
      batches.push({ batch, probs });
    }
    // What the batches have taken is let go: a reading holds at most a batch of audio.
    const taken = batchOrigin(scheduled) - base;
    if (!ended && taken > 0) {
      signal.copyWithin(0, taken, length - base);
      base += taken;
    }
  };
  const totalSteps = () => batches.reduce((n, { batch }) => n + batch.steps, 0);
  return {
    push(samples) {
      if (ended) throw new Error('The reading has ended');
      if (cancelled) return;
      const held = length - base;
      if (held + samples.length > signal.length) {
        const grown = new Float32Array(Math.max(held + samples.length, 2 * signal.length));
        grown.set(signal.subarray(0, held));
        signal = grown;
      }
      signal.set(samples, held);
      length += samples.length;
      schedule();
    },
    async finish(progress, alone) {
      ended = true;
      onProgress = progress;
      schedule();
      signal = new Float32Array(0);
      const frames = Math.ceil(length / VAD_FRAME);
      const probs = new Float32Array(frames);
      for (const { batch, probs: read } of batches) {
        const p = await read;
        for (let r = 0; r < batch.rows; r++) {
          for (let step = 0; step < batch.steps; step++) {
            const frame = (batch.first + r) * ROW_FRAMES + step;
            if (frame < frames) probs[frame] = p[r * batch.steps + step];
          }
        }
      }
      return alone ? hearAlone(read, probs, alone) : probs;
    },
    cancel() {
      cancelled = true;
      signal = new Float32Array(0);
    },
  };
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
 * the corpora's clips and generated non-speech (training/results/SPEECH.md).
 */
export const MIN_WINDOW_SPEECH_SECONDS = 0.25;

/** Seconds of speech in each span (samples of the signal whose frame probabilities these are). */
export function speechSecondsOf(probs: ArrayLike<number>, spans: readonly Span[]): number[] {
  const mask = speechMask(probs);
  return spans.map((s) => speechSecondsIn(mask, s.start, s.end));
}

/**
 * The spans that hold enough speech to classify, each with where its speech starts and ends (samples,
 * the span's first and last speech frame): a window may reach into silence or music on either side.
 */
export function speechWindows<S extends Span>(probs: ArrayLike<number>, spans: readonly S[]): (S & { speech: Span })[] {
  const mask = speechMask(probs);
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

/** Pauses shorter than this lie inside one utterance (between words, a breath). */
const UTTERANCE_PAUSE_SECONDS = 0.5;
/**
 * An utterance ends before it would grow longer than this, at the next pause: fluent speech seldom pauses
 * for half a second, and one answer for minutes of it would say nothing of what changed in them.
 */
const MAX_UTTERANCE_SECONDS = 10;

/**
 * The detector's utterances (samples of the signal whose frames these are): its runs of speech joined
 * across shorter pauses, up to `MAX_UTTERANCE_SECONDS` (a run with no pause at all is cut into pieces that
 * long), each at least `MIN_WINDOW_SPEECH_SECONDS` of speech (shorter ones are clicks and breaths that no
 * window would be classified for).
 */
export function utteranceSpans(probs: ArrayLike<number>): Span[] {
  const mask = speechMask(probs);
  const pause = Math.round(UTTERANCE_PAUSE_SECONDS / FRAME_SECONDS);
  const longest = Math.round(MAX_UTTERANCE_SECONDS / FRAME_SECONDS);
  // In frames: [first, end) and how many of them are speech.
  const runs: { first: number; end: number; frames: number }[] = [];
  mask.forEach((speaking, i) => {
    if (!speaking) return;
    const last = runs.at(-1);
    if (last && i - last.end < pause && i + 1 - last.first <= longest) {
      last.end = i + 1;
      last.frames++;
    } else runs.push({ first: i, end: i + 1, frames: 1 });
  });
  return runs
    .filter((r) => r.frames * FRAME_SECONDS >= MIN_WINDOW_SPEECH_SECONDS)
    .map(({ first, end }) => ({ start: first * VAD_FRAME, end: end * VAD_FRAME }));
}

/** Seconds of speech the detector heard in all of a signal, and in the part the spans cover (overlaps once). */
export function speechCoverage(probs: ArrayLike<number>, spans: readonly Span[]): { detectedSeconds: number; classifiedSeconds: number } {
  const mask = speechMask(probs);
  const covered = new Uint8Array(mask.length);
  for (const s of spans) covered.fill(1, Math.max(0, Math.floor(s.start / VAD_FRAME)), Math.min(mask.length, Math.ceil(s.end / VAD_FRAME)));
  let [detected, classified] = [0, 0];
  mask.forEach((m, i) => {
    detected += m;
    classified += m & covered[i];
  });
  return { detectedSeconds: detected * FRAME_SECONDS, classifiedSeconds: classified * FRAME_SECONDS };
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
