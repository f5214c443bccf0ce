import { z } from 'zod';
import { EMOTIONS } from './labels';

/** Chance level of the 7-emotion UAR: what guessing, or always naming one emotion, scores. */
export const CHANCE_UAR = 1 / EMOTIONS.length;

const scoreSchema = z.object({ n: z.number().int().nonnegative(), accuracy: z.number(), uar: z.number(), macroF1: z.number() });

/**
 * The figures a model's card leads with, as training writes them into `metrics.headline`. Only speakers in
 * no training or validation split count: TESS, split by word, has its two speakers in training.
 */
export const headlineSchema = z.object({
  /** Test clips of speakers that no training or validation split holds, pooled over their corpora. */
  unseenSpeakers: scoreSchema.extend({
    corpora: z.array(z.string()).min(1),
    /** Per emotion: the share of its clips named correctly (absent in models trained before it was kept). */
    recall: z.record(z.enum(EMOTIONS), z.number()).optional(),
    /** Expected calibration error of the calibrated top emotion (15 bins; absent in models trained before it was kept). */
    ece: z.number().optional(),
  }),
  /** Every test corpus, with whether its test speakers are unseen. */
  perCorpus: z.record(z.string(), scoreSchema.extend({ unseenSpeakers: z.boolean() })),
  /**
   * Test clips of corpora found but left out of training (say, another language): every speaker unseen,
   * and the recording conditions too. Chance is per corpus, as not every corpus has all seven emotions.
   */
  untrainedCorpora: z.record(z.string(), scoreSchema.extend({ chanceUar: z.number(), language: z.string().optional() })).optional(),
  /** The shipped recipe cross-validated over one corpus's speakers (each tested once), where measured. */
  crossval: z.object({ corpus: z.string(), folds: z.number().int(), n: z.number().int(), uar: z.number(), accuracy: z.number() }).optional(),
  chanceUar: z.number(),
});

export type Headline = z.infer<typeof headlineSchema>;

/** The headline of a model's metrics, or undefined when it has none or it is malformed (an older model). */
export function readHeadline(metrics: Record<string, unknown>): Headline | undefined {
  const parsed = headlineSchema.safeParse(metrics.headline);
  return parsed.success ? parsed.data : undefined;
}
