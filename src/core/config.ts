import { z } from 'zod';

/**
 * Everything that decides what the model sees. Saved into each model's metadata and compared at load:
 * a model trained on other features must be refused, not silently fed the wrong input.
 */
export const featureConfigSchema = z.object({
  version: z.literal(1),
  /** Rate every signal is resampled to before framing. */
  sampleRate: z.number().int().positive(),
  /** Samples per analysis frame (a power of two: meyda's FFT needs it). */
  frameSize: z.number().int().positive(),
  hopSize: z.number().int().positive(),
  windowingFunction: z.enum(['hanning', 'hamming', 'blackman', 'sine']),
  melBands: z.number().int().positive(),
  mfccCount: z.number().int().positive(),
  chromaBands: z.number().int().positive(),
  /** Length of one model input window, and the hop between windows over a longer clip. */
  windowSeconds: z.number().positive(),
  windowHopSeconds: z.number().positive(),
  /** Each window's speech is scaled to this RMS level so the microphone's gain does not decide the emotion. */
  targetLevelDb: z.number(),
  maxGainDb: z.number().nonnegative(),
  /** Frames quieter than the loudest frame by this much (or below the floor) count as silence. */
  silenceRelativeDb: z.number().positive(),
  silenceFloorDb: z.number(),
});

export type FeatureConfig = z.infer<typeof featureConfigSchema>;

/** The shipped configuration: 64 ms frames, 32 ms hop, 3 s windows at 16 kHz. */
export const FEATURE_CONFIG: FeatureConfig = Object.freeze({
  version: 1,
  sampleRate: 16000,
  frameSize: 1024,
  hopSize: 512,
  windowingFunction: 'hanning',
  melBands: 64,
  mfccCount: 20,
  chromaBands: 12,
  windowSeconds: 3,
  windowHopSeconds: 1,
  targetLevelDb: -23,
  maxGainDb: 30,
  silenceRelativeDb: 40,
  silenceFloorDb: -55,
});

/** Names of the feature columns, in matrix order: the order the model was trained with. */
export function featureNames(config: FeatureConfig): string[] {
  const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  return ['zcr', 'rms', ...range('chroma', config.chromaBands), ...range('mfcc', config.mfccCount), ...range('mel', config.melBands)];
}

export function featureCount(config: FeatureConfig): number {
  return 2 + config.chromaBands + config.mfccCount + config.melBands;
}

export function windowSamples(config: FeatureConfig): number {
  return Math.round(config.windowSeconds * config.sampleRate);
}

export function framesPerWindow(config: FeatureConfig): number {
  return frameCount(windowSamples(config), config);
}

export function frameCount(samples: number, config: FeatureConfig): number {
  return samples < config.frameSize ? 0 : 1 + Math.floor((samples - config.frameSize) / config.hopSize);
}

/**
 * Parses an unknown value (e.g. from a model's metadata) as a feature config.
 * Throws a readable error naming the fields that are wrong.
 */
export function parseFeatureConfig(value: unknown): FeatureConfig {
  const result = featureConfigSchema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid feature config: ${fields.join('; ')}`);
  }
  const config = result.data;
  if ((config.frameSize & (config.frameSize - 1)) !== 0) {
    throw new Error(`Invalid feature config: frameSize ${config.frameSize} is not a power of two`);
  }
  if (config.mfccCount > config.melBands) {
    throw new Error('Invalid feature config: mfccCount cannot exceed melBands');
  }
  return config;
}

/** Lists the fields in which two configs differ; empty when they describe the same features. */
export function configDifferences(a: FeatureConfig, b: FeatureConfig): string[] {
  const keys = Object.keys(featureConfigSchema.shape) as (keyof FeatureConfig)[];
  return keys.filter((k) => a[k] !== b[k]).map((k) => `${k}: ${String(a[k])} vs ${String(b[k])}`);
}

/** Throws unless `candidate` (e.g. a model's saved config) matches the config this build extracts. */
export function assertSameConfig(candidate: unknown, expected: FeatureConfig = FEATURE_CONFIG): void {
  const diff = configDifferences(parseFeatureConfig(candidate), expected);
  if (diff.length > 0) {
    throw new Error(`The model was trained with other features than this app extracts (${diff.join(', ')})`);
  }
}
