import type { FeatureConfig } from '../core/config';
import { type StreamResampler, createStreamResampler } from '../core/resample';
import { concatSamples } from '../core/signal';
import { type SpeechDetector, type SpeechReading, createReading } from '../core/speech';

/**
 * One block of a file while it is decoded: each decoded piece is resampled at once and handed to the
 * speech detector, which reads the block (in its own worker) while the rest of it is still being decoded.
 * The pieces come out exactly as one pass over the whole block would make them.
 */
export class Block {
  /** Samples taken at the file's rate. */
  inputSamples = 0;
  private readonly parts: Float32Array[] = [];

  private constructor(
    /** Where the block starts in the file, in seconds. */
    readonly offset: number,
    private readonly resampler: StreamResampler,
    private readonly reading?: SpeechReading,
  ) {}

  static async open(offset: number, inputRate: number, config: FeatureConfig, speech?: SpeechDetector): Promise<Block> {
    return new Block(offset, await createStreamResampler(inputRate, config.sampleRate), speech && createReading(speech.readBatch));
  }

  push(mono: Float32Array): void {
    this.inputSamples += mono.length;
    this.add(this.resampler.push(mono));
  }

  /** The block at the model's rate, and the speech detector's reading of it, to be finished. */
  close(): { signal: Float32Array; reading?: SpeechReading } {
    this.add(this.resampler.finish());
    this.resampler.dispose();
    return { signal: concatSamples(this.parts.splice(0)), reading: this.reading };
  }

  /** Lets the block go unfinished (the file broke off, or is too short). */
  cancel(): void {
    this.resampler.dispose();
    this.reading?.cancel();
  }

  private add(samples: Float32Array): void {
    if (samples.length === 0) return;
    this.parts.push(samples);
    this.reading?.push(samples);
  }
}
