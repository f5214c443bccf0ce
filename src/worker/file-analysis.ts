import { errorMessage } from '../core/errors';
import getType from 'audio-type';
import { decodeChunked } from 'audio-decode';
import type { FileAnalysis } from '../protocol';
import { type AnalysisStage, type SpeechTrack, type WindowResult, NoSpeechError, SilentClipError, classifySignal, summarize } from '../core/classify';
import type { FeatureConfig } from '../core/config';
import type { EmotionModel } from '../core/model';
import { mp3Channels } from '../core/mp3-header';
import { concatSamples, mixdown } from '../core/signal';
import { clockTime } from '../core/time';
import type { SpeechDetector, SpeechReading } from '../core/speech';
import type { VoiceReader } from '../core/voice/fit';
import type { SpeechEncoder } from '../core/encoder/speech-embedding';
import { Block } from './block';

/** Shorter audio holds too little speech for a verdict (a frame is 64 ms, emotion needs syllables). */
const MIN_SECONDS = 0.3;

/** Audio longer than this is classified block by block, so memory stays bounded. */
export const BLOCK_SECONDS = 600;

/** Progress is posted at most this often: a message per decoded chunk would flood the page. */
const PROGRESS_MS = 100;

/** Formats decoded here (the bundle leaves the others' decoders out: see vite.config.ts). */
const DECODABLE = ['wav', 'mp3', 'flac', 'opus', 'oga', 'm4a', 'aac', 'aiff', 'caf', 'webm', 'qoa'];

export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

/** Not the data's fault: said as such, not taken for corrupt audio by the decoding loop around it. */
const analysisFailed = (offset: number, error: unknown) => new FileError(`The analysis failed at ${clockTime(offset)} (${errorMessage(error)})`);

/**
 * Names the format from the first bytes, or explains why the file cannot be read; with the channels an MP3
 * declares (its decoder folds two equal channels into one: src/core/mp3-header.ts), 0 for other formats.
 */
async function detectFormat(file: Blob): Promise<{ format: string; declaredChannels: number }> {
  if (file.size === 0) throw new FileError('The file is empty (0 bytes)');
  const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  const type = getType(head);
  if (!type) throw new FileError('Not an audio file this app can read (unknown format)');
  if (!DECODABLE.includes(type)) throw new FileError(`The ${type.toUpperCase()} format is not supported: convert it to WAV, FLAC, MP3 or Ogg`);
  return { format: type, declaredChannels: type === 'mp3' ? (mp3Channels(head) ?? 0) : 0 };
}

/** Decodes a whole file, as `analyzeFile` decodes it chunk by chunk (for `npm run bench`'s timing of decoding alone). */
export async function decodeWhole(file: Blob): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  const format = (await detectFormat(file)).format as Parameters<typeof decodeChunked>[1];
  const parts: Float32Array[][] = [];
  let sampleRate = 0;
  for await (const chunk of decodeChunked(file.stream(), format)) {
    sampleRate = chunk.sampleRate;
    parts.push(chunk.channelData.map((c) => c.slice()));
  }
  return { channels: (parts[0] ?? []).map((_, k) => concatSamples(parts.map((p) => p[k]))), sampleRate };
}

/**
 * Decodes a file as a stream (never the whole file at once), mixes each chunk to mono, resamples it and
 * hands it to the speech detector as it comes, then classifies the speech through the same core functions
 * as `npm run evaluate` (the same resampled signal and speech frames as its one pass over the whole, then
 * the clip function). Files up to ten minutes are one piece, so the app and the evaluator agree exactly;
 * longer ones go in ten-minute blocks, each window keeping its time in the file.
 */
export async function analyzeFile(
  file: Blob,
  model: EmotionModel,
  config: FeatureConfig,
  onProgress: (fraction: number, stage: AnalysisStage) => void,
  abort: AbortSignal,
  speech?: SpeechDetector,
  blockSeconds = BLOCK_SECONDS,
  voice?: { reader: VoiceReader; encoder?: SpeechEncoder },
): Promise<FileAnalysis> {
  const { format, declaredChannels } = await detectFormat(file);
  let block: Block | undefined;
  let blockStart = 0;
  let sampleRate = 0;
  let channels = 0;
  let inputSamples = 0;
  let readBytes = 0;
  let classifiedSeconds = 0;
  // Why a file has no speech: the loudest level of its silent blocks, and whether any block held non-speech.
  let loudestDb = -Infinity;
  let heardNonSpeech = false;
  const windows: WindowResult[] = [];
  const track: SpeechTrack = { utterances: [], detectedSeconds: 0, classifiedSeconds: 0 };
  let lastReport = -Infinity;
  // What the block under classification waits on, once the file is read.
  let stage: AnalysisStage = 'windows';
  // A fifth of the bar for reading, the rest for classifying the audio decoded so far, extrapolated.
  const report = () => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_MS) return;
    lastReport = now;
    const read = readBytes / file.size;
    const decodedSeconds = inputSamples / (sampleRate || 1);
    const expectedSeconds = read > 0 ? decodedSeconds / read : 1;
    onProgress(Math.min(0.99, 0.2 * read + 0.8 * Math.min(1, classifiedSeconds / Math.max(expectedSeconds, 1e-6))), read < 1 ? 'decoding' : stage);
  };

  // Stops the block under classification when the file turns out corrupt while the next block is decoded.
  const failed = new AbortController();
  const stop = AbortSignal.any([abort, failed.signal]);

  /** Classifies one resampled block, its windows' times moved to the block's place in the file. */
  const classifyBlock = async (signal: Float32Array, offset: number, seconds: number, reading?: SpeechReading) => {
    const before = classifiedSeconds;
    try {
      const result = await classifySignal(model, signal, config, {
        abort: stop,
        speech: reading,
        voice: voice?.reader,
        encoder: voice?.encoder,
        onProgress: (fraction, lagging = 'windows') => {
          classifiedSeconds = before + fraction * seconds;
          stage = lagging;
          report();
        },
      });
      for (const w of result.windows) {
        const speech = w.speech && { start: w.speech.start + offset, end: w.speech.end + offset };
        windows.push({ ...w, start: w.start + offset, end: w.end + offset, ...(speech && { speech }) });
      }
      if (result.speech) addTrack(track, result.speech, offset);
    } catch (error) {
      if (error instanceof NoSpeechError) heardNonSpeech = true;
      else if (error instanceof SilentClipError) loudestDb = Math.max(loudestDb, error.loudestDb);
      else if (abort.aborted) throw error;
      else throw analysisFailed(offset, error);
    }
  };

  // The block under classification: the next is decoded and resampled meanwhile, then waits for it, so
  // that at most two blocks are held at once.
  let classifying: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!block) return;
    const done = block;
    block = undefined;
    blockStart += done.inputSamples;
    let closed: ReturnType<Block['close']>;
    try {
      closed = done.close();
    } catch (error) {
      throw analysisFailed(done.offset, error);
    }
    await classifying;
    classifying = classifyBlock(closed.signal, done.offset, done.inputSamples / sampleRate, closed.reading);
    // Awaited at the next block or the end; a decoding error meanwhile leaves it unawaited, not unhandled.
    classifying.catch(() => {});
  };

  // Count bytes as the decoder reads them, for the progress bar.
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        readBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    for await (const chunk of decodeChunked(counted, format as Parameters<typeof decodeChunked>[1])) {
      abort.throwIfAborted();
      sampleRate ||= chunk.sampleRate;
      // Some decoders' first chunk is mono while the stream's header is decoded: the widest chunk counts.
      channels = Math.max(channels, chunk.channelData.length);
      inputSamples += chunk.channelData[0].length;
      let mono = mixdown(chunk.channelData);
      // Blocks end at exact sample counts, whatever sizes the decoder's chunks come in: a block's end decides
      // where its windows lie, and the same file must get the same answer every time.
      while (mono.length > 0) {
        block ??= await Block.open(blockStart / sampleRate, sampleRate, config, speech);
        const take = Math.min(mono.length, blockSeconds * sampleRate - block.inputSamples);
        block.push(mono.subarray(0, take));
        mono = mono.subarray(take);
        if (block.inputSamples === blockSeconds * sampleRate) await flush();
      }
      report();
    }
  } catch (error) {
    failed.abort();
    block?.cancel();
    if (abort.aborted || error instanceof FileError) throw error;
    throw new FileError(`The ${format.toUpperCase()} data is corrupt or truncated (${errorMessage(error)})`);
  }
  // A header the decoder accepts over data it cannot read yields no samples rather than an error.
  if (inputSamples === 0) throw new FileError(`The ${format.toUpperCase()} file holds no audio the decoder can read: it is corrupt, truncated or empty`);
  const duration = inputSamples / sampleRate;
  if (duration < MIN_SECONDS) {
    block?.cancel();
    throw new FileError(`The recording is too short (${Math.round(duration * 1000)} ms): at least ${MIN_SECONDS} s is needed`);
  }
  await flush();
  await classifying;
  onProgress(1, stage);
  if (windows.length === 0) throw heardNonSpeech ? new NoSpeechError() : new SilentClipError(loudestDb, config.silenceFloorDb);
  return {
    duration,
    sampleRate,
    channels: Math.max(channels, declaredChannels),
    result: speech ? { ...summarize(windows), speech: track } : summarize(windows),
  };
}

/** A block's track added to the file's, its times moved to the block's place in the file. */
function addTrack(track: SpeechTrack, block: SpeechTrack, offset: number): void {
  track.utterances.push(...block.utterances.map((u) => ({ start: u.start + offset, end: u.end + offset })));
  track.detectedSeconds += block.detectedSeconds;
  track.classifiedSeconds += block.classifiedSeconds;
}
