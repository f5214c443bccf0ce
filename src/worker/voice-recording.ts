import type { FeatureConfig } from '../core/config';
import { speechSpans } from '../core/classify';
import { type EmotionModel, modelWindows } from '../core/model';
import { type StreamResampler, createStreamResampler } from '../core/resample';
import { concatSamples, toDb } from '../core/signal';
import { FRAME_SECONDS, type SpeechDetector, type SpeechStream, speechMask } from '../core/speech';
import { voiceWindows } from '../core/voice/read';
import { encoderValues } from '../core/encoder/pool';
import type { SpeechEncoder } from '../core/encoder/speech-embedding';
import { coveredLength } from '../core/windows';
import type { RecordingProgress, VoiceSample } from '../protocol';

/** Speech seconds of a signal's frame probabilities. */
const speechSecondsOf = (probs: ArrayLike<number>) => speechMask(probs).reduce((a, b) => a + b, 0) * FRAME_SECONDS;

/**
 * A signal at the model's rate as a voice sample: its speech windows (only where the detector hears a
 * voice) read by the general model, with their statistics (and the encoder's vectors pooled over each
 * window's speech, for a voice head that reads them). Throws the core's SilentClipError or
 * NoSpeechError when there is no speech in it.
 */
export async function voiceSample(
  model: EmotionModel,
  signal: Float32Array,
  config: FeatureConfig,
  speech?: SpeechDetector,
  encoder?: SpeechEncoder,
): Promise<VoiceSample> {
  const encoding = encoder?.encode(signal);
  encoding?.catch(() => {});
  const { spans } = await speechSpans(signal, config, speech);
  const encoded = encoding && encoderValues(await encoding, spans);
  const windows = await voiceWindows(model, await modelWindows(model, signal, spans, config), encoded);
  return { windows, speechSeconds: coveredLength(spans.map((s) => s.speech ?? s)) / config.sampleRate, seconds: signal.length / config.sampleRate };
}

/**
 * A clip recorded for a voice profile (a calm baseline, or an emotion acted): the microphone's audio,
 * resampled to the model's rate and kept in the worker until it stops, with the speech heard so far
 * reported as it comes. Only the sample made of it at the end leaves the worker: no audio does.
 */
export class VoiceRecording {
  private readonly parts: Float32Array[] = [];
  private readonly probs: number[] = [];
  private detecting: Promise<void> = Promise.resolve();
  private energy = 0;
  private count = 0;
  private samples = 0;
  private lastReport = 0;

  private constructor(
    private readonly resampler: StreamResampler,
    private readonly config: FeatureConfig,
    private readonly onProgress: (progress: RecordingProgress) => void,
    private readonly stream?: SpeechStream,
  ) {}

  static async start(
    inputRate: number,
    config: FeatureConfig,
    onProgress: (progress: RecordingProgress) => void,
    speech?: SpeechDetector,
  ): Promise<VoiceRecording> {
    return new VoiceRecording(await createStreamResampler(inputRate, config.sampleRate), config, onProgress, speech?.stream());
  }

  push(chunk: Float32Array): void {
    const samples = this.resampler.push(chunk);
    this.parts.push(samples);
    this.samples += samples.length;
    for (const v of samples) this.energy += v * v;
    this.count += samples.length;
    const stream = this.stream;
    if (stream) this.detecting = this.detecting.then(async () => void this.probs.push(...(await stream.push(samples))));
    // Five reports a second are enough for a progress ring.
    if (this.samples - this.lastReport >= this.config.sampleRate / 5) {
      this.lastReport = this.samples;
      const levelDb = toDb(Math.sqrt(this.energy / Math.max(1, this.count)));
      [this.energy, this.count] = [0, 0];
      void this.detecting.then(() =>
        this.onProgress({
          seconds: this.samples / this.config.sampleRate,
          speechSeconds: this.stream ? speechSecondsOf(this.probs) : this.samples / this.config.sampleRate,
          levelDb,
        }),
      );
    }
  }

  /** Ends the recording: its signal at the model's rate, the resampler and the detector closed. */
  async finish(): Promise<Float32Array> {
    this.parts.push(this.resampler.finish());
    this.resampler.dispose();
    await this.detecting.catch(() => {});
    this.stream?.close();
    return concatSamples(this.parts);
  }

  cancel(): void {
    this.resampler.dispose();
    void this.detecting.catch(() => {}).then(() => this.stream?.close());
  }
}
