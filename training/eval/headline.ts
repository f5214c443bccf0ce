import { TRAINING_LOSSES } from '../model/train';
import { expectedCalibrationError } from '../../src/core/calibration';
import { z } from 'zod';
import { EMOTIONS, type Emotion } from '../../src/core/labels';
import { CHANCE_UAR, type Headline } from '../../src/core/scores';
import { CORPUS_LANGUAGES, type Clip } from '../data/corpora';
import { describeShares } from '../data/share';
import { parseJsonFile, readIfExists } from '../files';
import { FRONT_END_NAMES } from '../recipe';
import type { Evaluation } from './evaluate';
import { computeMetrics, headline } from './metrics';

/**
 * The figures a model leads with: its test clips of speakers that are in no training or validation split
 * (corpora split by speaker), pooled, beside chance; every corpus marked by whether its speakers are unseen.
 */
export function headlineOf(test: Evaluation, clips: readonly Clip[], crossval?: Headline['crossval'], untrained?: Evaluation): Headline {
  const bySpeaker = new Set(clips.filter((c) => c.speaker && c.group === c.speaker).map((c) => c.path));
  const unseen = test.predictions.filter((p) => bySpeaker.has(p.path));
  const corpora = [...new Set(unseen.map((p) => p.corpus))].sort();
  if (corpora.length === 0) throw new Error('No test clip is of a speaker held out of training: no honest headline can be given');
  const index = (e: string) => EMOTIONS.indexOf(e as Emotion);
  const pooled = computeMetrics(
    unseen.map((p) => index(p.emotion)),
    unseen.map((p) => index(p.predicted)),
    EMOTIONS,
  );
  const ece = expectedCalibrationError(
    unseen.map((p) => p.confidence),
    unseen.map((p) => p.predicted === p.emotion),
  );
  return {
    unseenSpeakers: {
      ...headline(pooled),
      corpora,
      recall: Object.fromEntries(pooled.perClass.map((c) => [c.label, c.recall])) as Record<Emotion, number>,
      ece,
    },
    perCorpus: Object.fromEntries(Object.entries(test.perCorpus).map(([k, m]) => [k, { ...headline(m), unseenSpeakers: corpora.includes(k) }])),
    ...(crossval ? { crossval } : {}),
    ...(untrained?.n && {
      untrainedCorpora: Object.fromEntries(
        Object.entries(untrained.perCorpus).map(([k, m]) => [
          k,
          { ...headline(m), chanceUar: 1 / m.perClass.filter((c) => c.support > 0).length, ...(CORPUS_LANGUAGES[k] && { language: CORPUS_LANGUAGES[k] }) },
        ]),
      ),
    }),
    chanceUar: CHANCE_UAR,
  };
}

/** How a recipe was trained: a crossval figure and calibration describe a model trained the same way. */
export const trainingWaySchema = z.object({
  refit: z.boolean(),
  /** The corpora trained on, sorted. */
  corpora: z.array(z.string()),
  /** Corpora trained on a share of their training clips (`--share`). */
  share: z.record(z.string(), z.number()),
  /** The front end (`--front-end`) and whether training windows were random crops (`--crops`); reports older than them used neither. */
  frontEnd: z.enum(FRONT_END_NAMES).default('shipped'),
  crops: z.boolean().default(false),
  /** The share of augmented copies band-limited like a telephone line (`--band-limit`); none before it. */
  bandLimit: z.number().default(0),
  /** The training loss (`--loss`); cross-entropy before it. */
  loss: z.enum(TRAINING_LOSSES).default('crossentropy'),
});

export type TrainingWay = z.infer<typeof trainingWaySchema>;

/** Where two ways of training differ, in words ("refit: yes vs no"); empty when they are the same. */
export function trainingDifferences(a: TrainingWay, b: TrainingWay): string[] {
  const shares = (w: TrainingWay) => describeShares(w.share) || 'none';
  const pairs: [string, string, string][] = [
    ['refit', a.refit ? 'yes' : 'no', b.refit ? 'yes' : 'no'],
    ['corpora', a.corpora.join(','), b.corpora.join(',')],
    ['shares', shares(a), shares(b)],
    ['front end', a.frontEnd, b.frontEnd],
    ['random crops', a.crops ? 'yes' : 'no', b.crops ? 'yes' : 'no'],
    ['telephone-band copies', String(a.bandLimit), String(b.bandLimit)],
    ['loss', a.loss, b.loss],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([what, x, y]) => `${what}: ${x} vs ${y}`);
}

const crossvalFileSchema = z.object({
  options: z.object({ corpus: z.string() }),
  training: trainingWaySchema,
  recipes: z.array(z.object({ recipe: z.string(), folds: z.array(z.unknown()), all: z.object({ n: z.number(), uar: z.number(), accuracy: z.number() }) })),
});

/**
 * What a `crossval` JSON report measured of a recipe: its figure, and how it trained it; undefined if it
 * did not measure it.
 */
export async function crossvalOf(file: string, recipe: string): Promise<{ figure: NonNullable<Headline['crossval']>; training: TrainingWay } | undefined> {
  const text = await readIfExists(file);
  if (text === null) return undefined;
  const report = parseJsonFile(file, text, crossvalFileSchema);
  const entry = report.recipes.find((r) => r.recipe === recipe);
  return (
    entry && {
      figure: { corpus: report.options.corpus, folds: entry.folds.length, n: entry.all.n, uar: entry.all.uar, accuracy: entry.all.accuracy },
      training: report.training,
    }
  );
}
