import { type FeatureConfig, windowSamples } from '../core/config';
import { errorMessage } from '../core/errors';
import { type EmotionModel, modelWindows } from '../core/model';
import type { VoiceReader } from '../core/voice/fit';
import { readWindows } from '../core/voice/read';
import { type StreamResampler, createStreamResampler } from '../core/resample';
import { toDb } from '../core/signal';
import { FRAME_SECONDS, type SpeechDetector, type SpeechStream, VAD_FRAME, speechWindows, windowEndsInSpeech } from '../core/speech';
import { type WindowSpan, isSilent } from '../core/windows';
import { poolVectors } from '../core/encoder/pool';
import type { SpeechEncoder } from '../core/encoder/speech-embedding';
import type { LiveUpdate } from '../protocol';

/** The voice profile analysis reads through, its name for the results, and the encoder its head reads (if it does). */
export interface ActiveVoice {
  reader: VoiceReader;
  name: string;
  encoder?: SpeechEncoder;
}

/**
 * The live session inside the worker: audio arrives from the capture worklet at the device's rate, is
 * resampled by the core into a ring of the last window, and every `intervalMs` the last second decides
 * speech or silence (by level, then by the speech detector when there is one); speech windows go through
 * the same features and model as files.
 */
export class LiveSession {
  private readonly ring: Float32Array;
  private filled = 0;
  private received = 0;
  private lastAudioAt = 0;
  private sinceUpdate = 0;
  private levelEnergy = 0;
  private levelCount = 0;
  private busy = false;
  private failed = false;
  /** The speech detector's reading of the ring's frames, oldest first, and the reading still under way. */
  private speechProbs: number[] = [];
  private detecting: Promise<void> = Promise.resolve();
  private updating: Promise<void> = Promise.resolve();

  private constructor(
    private readonly resampler: StreamResampler,
    private readonly config: FeatureConfig,
    private readonly model: () => Promise<EmotionModel>,
    private readonly emit: (update: LiveUpdate) => void,
    private readonly updateSamples: number,
    private readonly speech?: SpeechStream,
    private readonly voice?: () => ActiveVoice | undefined,
  ) {
    this.ring = new Float32Array(windowSamples(config));
  }

  static async start(
    inputRate: number,
    config: FeatureConfig,
    model: () => Promise<EmotionModel>,
    emit: (update: LiveUpdate) => void,
    { intervalMs = 200, speech, voice }: { intervalMs?: number; speech?: SpeechDetector; voice?: () => ActiveVoice | undefined } = {},
  ): Promise<LiveSession> {
    const resampler = await createStreamResampler(inputRate, config.sampleRate);
    return new LiveSession(resampler, config, model, emit, Math.round((intervalMs / 1000) * config.sampleRate), speech?.stream(), voice);
  }

  /** Takes the next chunk from the microphone. */
  push(chunk: Float32Array): void {
    const samples = this.resampler.push(chunk);
    this.lastAudioAt = performance.timeOrigin + performance.now();
    const n = this.ring.length;
    if (samples.length >= n) {
      this.ring.set(samples.subarray(samples.length - n));
    } else {
      this.ring.copyWithin(0, samples.length);
      this.ring.set(samples, n - samples.length);
    }
    this.filled = Math.min(n, this.filled + samples.length);
    if (this.speech) this.detect(this.speech, samples);
    this.received += samples.length;
    this.sinceUpdate += samples.length;
    for (const v of samples) this.levelEnergy += v * v;
    this.levelCount += samples.length;
    if (this.sinceUpdate >= this.updateSamples && !this.busy && !this.failed) {
      this.updating = this.update().catch((error: unknown) => {
        // A failed analysis must reach the page, which would otherwise go on showing its last state.
        this.failed = true;
        this.emit({
          state: 'error',
          error: `The live analysis failed: ${errorMessage(error)}`,
          levelDb: -Infinity,
          time: this.received / this.config.sampleRate,
          audioAt: this.lastAudioAt,
        });
      });
    }
  }

  /** Reads the new samples' frames in order, after the reading before them; keeps one window of them. */
  private detect(speech: SpeechStream, samples: Float32Array): void {
    const keep = Math.ceil(this.ring.length / this.config.sampleRate / FRAME_SECONDS);
    this.detecting = this.detecting.then(async () => {
      this.speechProbs.push(...(await speech.push(samples)));
      this.speechProbs.splice(0, Math.max(0, this.speechProbs.length - keep));
    });
  }

  /** Where in the ring the detector heard speech (its first to last speech frame), in ring samples; all of it without a detector. */
  private speechInRing(): WindowSpan {
    const n = this.ring.length;
    if (!this.speech) return { start: 0, end: n };
    // The frames read so far end at the last whole frame of the stream; the ring ends at its last sample.
    const origin = Math.floor(this.received / VAD_FRAME) * VAD_FRAME - this.speechProbs.length * VAD_FRAME;
    const ringStart = this.received - n;
    const [heard] = speechWindows(this.speechProbs, [{ start: ringStart - origin, end: this.received - origin }]);
    if (!heard) return { start: 0, end: n };
    return { start: Math.max(0, heard.speech.start + origin - ringStart), end: Math.min(n, heard.speech.end + origin - ringStart) };
  }

  private async update(): Promise<void> {
    this.busy = true;
    this.sinceUpdate = 0;
    const levelDb = toDb(Math.sqrt(this.levelEnergy / Math.max(1, this.levelCount)));
    this.levelEnergy = 0;
    this.levelCount = 0;
    const time = this.received / this.config.sampleRate;
    const audioAt = this.lastAudioAt;
    try {
      const lastSecond = this.ring.subarray(this.ring.length - this.config.sampleRate);
      const silent = this.filled < this.config.sampleRate || isSilent(lastSecond, this.config);
      if (!silent && this.speech) await this.detecting;
      if (silent || (this.speech && !windowEndsInSpeech(this.speechProbs))) {
        this.emit({ state: 'silence', levelDb, time, audioAt });
        return;
      }
      const window = this.ring.slice();
      const model = await this.model();
      const inputs = await modelWindows(model, window, [{ start: 0, end: window.length }], this.config);
      // The voice profile in use now, if any: choosing another applies from the next update.
      const voice = this.voice?.();
      // Only a profile whose head reads the encoder needs its vectors (and where the speech lies).
      const encoded = voice?.encoder && [poolVectors(await voice.encoder.encode(window), [this.speechInRing()])];
      const [probs] = await readWindows(model, inputs, voice?.reader, encoded);
      this.emit({ state: 'speech', levelDb, probs, time, audioAt, ...(voice && { voiceProfile: voice.name }) });
    } finally {
      this.busy = false;
    }
  }

  /** Resolves once the update and the speech reading under way, if any, are done (tests wait on it). */
  async settled(): Promise<void> {
    await Promise.all([this.updating, this.detecting]);
  }

  stop(): void {
    this.resampler.dispose();
    // After the reading under way, which needs the stream.
    void this.detecting.catch(() => {}).then(() => this.speech?.close());
  }
}
