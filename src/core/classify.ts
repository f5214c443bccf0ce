import type { FeatureConfig } from './config';
import { type Emotion, type Gender, argmaxKey, emotionProbabilities, genderProbabilities } from './labels';
import type { EmotionModel } from './model';
import { type SpeechDetector, type SpeechReading, assertDetectorRate, frameProbabilities, speechCoverage, speechWindows, utteranceSpans } from './speech';
import { type VoiceReader, adaptWindow } from './voice/fit';
import { voiceStatistics, windowStatisticsOf } from './voice/read';
import { encoderValues } from './encoder/pool';
import type { EncodedSignal, SpeechEncoder } from './encoder/speech-embedding';
import { modelWindows, predictWindows } from './model';
import { type WindowSpan, levelGain, loudestLevelDb, soundIslands, windowSpans } from './windows';

/** Windows whose features are held at once: bounds memory on long clips. */
export const WINDOW_BATCH = 32;

export interface WindowResult {
  /** Where the window lies, in seconds from the clip's start (it may reach into padding). */
  start: number;
  end: number;
  probs: Float32Array;
  /** Where the speech detector heard speech inside it (absent without a detector). */
  speech?: { start: number; end: number };
}

/** What the speech detector heard in a recording, in seconds. */
export interface SpeechTrack {
  /** Its utterances: runs of speech joined across short pauses, the unit of a result (`core/utterances`). */
  utterances: { start: number; end: number }[];
  /** Speech heard in all of the recording, and the part of it inside a classified window. */
  detectedSeconds: number;
  classifiedSeconds: number;
}

export interface ClipResult {
  windows: WindowResult[];
  /** Absent without a speech detector (every window above the silence floor then counts). */
  speech?: SpeechTrack;
  /** Mean of the windows' 14 class probabilities. */
  probs: Float32Array;
  emotions: Record<Emotion, number>;
  gender: Record<Gender, number>;
  topEmotion: Emotion;
  topGender: Gender;
}

/**
 * Why no speech was found: true silence, or sound that stays under the level counted as speech (a real but
 * very quiet recording deserves to hear that it is too quiet, and by how much, rather than "silent").
 */
function noSpeechMessage(loudestDb: number, floorDb: number): string {
  if (loudestDb < floorDb - 20) return 'The recording is silent: no speech to classify';
  return (
    `The recording is too quiet to classify: its loudest moment is at ${loudestDb.toFixed(1)} dBFS, under the ` +
    `${floorDb} dBFS that counts as speech. Record closer to the microphone, or amplify the file`
  );
}

export class SilentClipError extends Error {
  /** `loudestDb`: the loudest hop of the signal, dBFS; `floorDb`: the level that counts as speech. */
  constructor(
    readonly loudestDb = -Infinity,
    floorDb = 0,
  ) {
    super(noSpeechMessage(loudestDb, floorDb));
    this.name = 'SilentClipError';
  }
}

/**
 * The status of a recording that got no result: `no-speech` when it held nothing to classify (silence, or
 * sound with no voice), an answer about the recording rather than a fault; else `error`. By the error's
 * name, as errors cross the worker boundary as plain Errors.
 */
export const noResultStatus = (error: unknown): 'no-speech' | 'error' =>
  error instanceof Error && (error.name === 'SilentClipError' || error.name === 'NoSpeechError') ? 'no-speech' : 'error';

/** Sound is there, but the speech detector heard no voice in it: noise, music, tones. */
export class NoSpeechError extends Error {
  constructor() {
    super('No speech found: the recording holds sound (noise, music or tones) but no voice, so it gets no emotion');
    this.name = 'NoSpeechError';
  }
}

/** Averages window probabilities into one clip result. */
export function summarize(windows: WindowResult[]): ClipResult {
  if (windows.length === 0) throw new SilentClipError();
  const probs = new Float32Array(windows[0].probs.length);
  for (const w of windows) w.probs.forEach((p, i) => (probs[i] += p / windows.length));
  const emotions = emotionProbabilities(probs);
  const gender = genderProbabilities(probs);
  return { windows, probs, emotions, gender, topEmotion: argmaxKey(emotions), topGender: argmaxKey(gender) };
}

export interface ClassifyOptions {
  /** Stops a long clip between windows (an AbortSignal). */
  abort?: { throwIfAborted(): void };
  /** Called as windows are done, with the fraction of the clip's windows. */
  onProgress?: (fraction: number, stage?: AnalysisStage) => void;
  /**
   * The speech detector's reading of this very signal (fed as it was decoded, or at once by `readWhole`):
   * only windows where it hears a voice are kept. Without it, every window above the silence floor counts.
   */
  speech?: SpeechReading;
  /** A voice profile's reader: the windows are read as that speaker's (the general model's without). */
  voice?: VoiceReader;
  /** The speech encoder, for a voice head that reads its vectors (with `voice`). */
  encoder?: SpeechEncoder;
}

/** The part of an analysis that the progress waits on: decoding, the speech detector, or the model's windows. */
export type AnalysisStage = 'decoding' | 'speech' | 'windows';

/** Lets other messages (a cancel, a progress report) through during long synchronous work. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A model window, and where in it the speech detector heard speech. */
export type SpeechSpan = WindowSpan & { speech?: WindowSpan };

/** The model windows over the signal's sound; throws, saying how loud it is, when there is none. */
function soundSpans(signal: Float32Array, config: FeatureConfig): WindowSpan[] {
  const spans = windowSpans(signal, config);
  if (spans.length === 0) throw new SilentClipError(loudestLevelDb(signal, config), config.silenceFloorDb);
  return spans;
}

function speechOnly<S>(kept: S[]): S[] {
  if (kept.length === 0) throw new NoSpeechError();
  return kept;
}

/** The windows to classify, and what the speech detector heard (absent without one). */
export interface SpeechSpans {
  spans: SpeechSpan[];
  track?: SpeechTrack;
}

/** The track of a signal's frame probabilities, with the windows kept for them. */
function trackOf(probs: Float32Array, kept: readonly WindowSpan[], config: FeatureConfig): SpeechTrack {
  const seconds = (s: WindowSpan) => ({ start: s.start / config.sampleRate, end: s.end / config.sampleRate });
  return { utterances: utteranceSpans(probs).map(seconds), ...speechCoverage(probs, kept) };
}

/**
 * The windows to classify: those over the part of the signal above the silence floor and, with a speech
 * detector, holding speech. Throws when there are none, saying why.
 */
export async function speechSpans(signal: Float32Array, config: FeatureConfig, speech?: SpeechDetector): Promise<SpeechSpans> {
  const spans = soundSpans(signal, config);
  if (!speech) return { spans };
  assertDetectorRate(config.sampleRate);
  const probs = await frameProbabilities(speech, signal, soundIslands(signal, config));
  const kept = speechOnly(speechWindows(probs, spans));
  return { spans: kept, track: trackOf(probs, kept, config) };
}

/**
 * Classifies a mono signal at the config's rate: every speech window through the model, then their mean.
 * The speech detector reads the signal while the model reads every window (in the browser the detector
 * has a worker, and so a core, of its own); the windows it hears no speech in are dropped after.
 */
export async function classifySignal(model: EmotionModel, signal: Float32Array, config: FeatureConfig, options: ClassifyOptions = {}): Promise<ClipResult> {
  // Progress is the slower of the two readings'.
  const done = { windows: 0, speech: options.speech ? 0 : 1 };
  const report = (part: keyof typeof done) => (fraction: number) => {
    done[part] = fraction;
    options.onProgress?.(Math.min(done.windows, done.speech), done.speech < done.windows ? 'speech' : 'windows');
  };
  // Ended first, whatever follows: a reading left open would hold its audio.
  const reading = options.speech?.finish(report('speech'), { signal, islands: soundIslands(signal, config) });
  // Awaited below, after the model (a failure meanwhile is not an unhandled one).
  reading?.then(
    () => report('speech')(1),
    () => {},
  );
  if (reading) assertDetectorRate(config.sampleRate);
  // Read on other threads while the model reads the windows; pooled over their speech once it is known.
  const encoded = encodingFor(model, signal, options);
  encoded?.catch(() => {});
  const spans = soundSpans(signal, config);
  const windows = await windowProbabilities(model, signal, spans, config, { ...options, onProgress: report('windows') });
  if (!reading) return summarizeSpans(spans, await throughVoice(windows, spans, encoded, options.voice), config);
  const frames = await reading;
  const kept = speechOnly(
    speechWindows(
      frames,
      spans.map((span, index) => ({ ...span, index })),
    ),
  );
  const probs = await throughVoice(
    pick(
      windows,
      kept.map((s) => s.index),
    ),
    kept,
    encoded,
    options.voice,
  );
  return { ...summarizeSpans(kept, probs, config), speech: trackOf(frames, kept, config) };
}

/** The windows `speechSpans` chose through the model, then their mean (for callers that keep the spans). */
export async function classifySpans(
  model: EmotionModel,
  signal: Float32Array,
  { spans, track }: SpeechSpans,
  config: FeatureConfig,
  options: Omit<ClassifyOptions, 'speech'> = {},
): Promise<ClipResult> {
  const encoded = encodingFor(model, signal, options);
  encoded?.catch(() => {});
  const windows = await windowProbabilities(model, signal, spans, config, options);
  const result = summarizeSpans(spans, await throughVoice(windows, spans, encoded, options.voice), config);
  return track ? { ...result, speech: track } : result;
}

/** The general model's windows, with their statistics when a voice profile will read them. */
interface ModelWindows {
  probs: Float32Array[];
  stats?: Float32Array[];
}

const pick = ({ probs, stats }: ModelWindows, indices: readonly number[]): ModelWindows => ({
  probs: indices.map((i) => probs[i]),
  stats: stats && indices.map((i) => stats[i]),
});

/** The encoder's reading of the signal, when a voice profile reads and its head reads the encoder. */
function encodingFor(model: EmotionModel, signal: Float32Array, { voice, encoder }: ClassifyOptions): Promise<EncodedSignal> | undefined {
  if (!voice || !model.meta.voice?.encoder) return undefined;
  if (!encoder) return Promise.reject(new Error("The model's voice head reads the speech encoder, which is not loaded"));
  return encoder.encode(signal);
}

/** The windows read through the voice profile (their statistics, then the encoder pooled over their speech), or as the model read them. */
async function throughVoice(
  windows: ModelWindows,
  spans: readonly SpeechSpan[],
  encoded: Promise<EncodedSignal> | undefined,
  voice?: VoiceReader,
): Promise<Float32Array[]> {
  if (!voice || !windows.stats) return windows.probs;
  const stats = voiceStatistics(windows.stats, encoded && encoderValues(await encoded, spans));
  return windows.probs.map((p, i) => adaptWindow(voice, p, stats[i]));
}

/** The model's 14 class probabilities for each span's window, a batch at a time. */
async function windowProbabilities(
  model: EmotionModel,
  signal: Float32Array,
  spans: readonly SpeechSpan[],
  config: FeatureConfig,
  { abort, onProgress, voice }: Omit<ClassifyOptions, 'speech'>,
): Promise<ModelWindows> {
  const probs: Float32Array[] = [];
  const stats: Float32Array[] | undefined = voice ? [] : undefined;
  // One gain for the whole recording, as the encoder member reads it (found once, not per batch).
  const gain = model.meta.encoderMember ? levelGain(signal, config) : undefined;
  for (let start = 0; start < spans.length; start += WINDOW_BATCH) {
    await yieldToEventLoop();
    abort?.throwIfAborted();
    const batch = await modelWindows(model, signal, spans.slice(start, start + WINDOW_BATCH), config, gain);
    probs.push(...(await predictWindows(model, batch)));
    stats?.push(...windowStatisticsOf(model.meta, batch.features));
    onProgress?.(Math.min(1, (start + WINDOW_BATCH) / spans.length));
  }
  return { probs, stats };
}

/** The clip result of spans and their windows' probabilities, times in seconds. */
function summarizeSpans(spans: readonly SpeechSpan[], probs: readonly Float32Array[], config: FeatureConfig): ClipResult {
  const seconds = (samples: number) => samples / config.sampleRate;
  return summarize(
    spans.map((s, i) => ({
      start: seconds(s.start),
      end: seconds(s.end),
      probs: probs[i],
      ...(s.speech && { speech: { start: seconds(s.speech.start), end: seconds(s.speech.end) } }),
    })),
  );
}
