import path from 'node:path';
import { featureCount } from '../../src/core/config';
import type { Normalization } from '../../src/core/model';
import type { Dataset } from '../data/scan';
import type { SplitPlan } from '../data/split';
import type { ClipInputs } from '../eval/classify-file';
import { type BuiltData, buildWindows } from '../features/dataset';
import { normalizationStats } from '../model/train';
import { progressBar } from '../progress';
import type { TrainingOptions } from './options';

/** The data, its split, the windows of each split and the normalisation statistics of training. */
export interface Prepared {
  dataset: Dataset;
  plan: SplitPlan;
  data: BuiltData;
  norm: Normalization;
  featureSeconds: number;
  /** The test clips' decoded inputs, read once for every model scored on them. */
  inputs: ClipInputs;
}

/** Where a clip's random crops may start: every quarter second of its speech. */
const CROP_HOP_SECONDS = 0.25;

/** The windows of each split (features from the cache where it has them) and training's statistics. */
export async function prepareWindows(dataset: Dataset, plan: SplitPlan, options: TrainingOptions): Promise<Prepared> {
  const started = performance.now();
  const { config } = options;
  const bar = progressBar('features');
  // A refit trains on the validation groups, augmented like the rest of training.
  const data = await buildWindows(dataset, options.refit ? { ...plan, val: [] } : plan, {
    config,
    seed: options.seed,
    copies: options.copies,
    bandLimit: options.bandLimit,
    share: options.share,
    cropHopSeconds: options.crops ? CROP_HOP_SECONDS : undefined,
    cacheDir: path.join(options.cache, `v${config.version}`),
    jobs: options.jobs,
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  const featureSeconds = (performance.now() - started) / 1000;
  for (const f of data.failures) console.error(`skipped ${f.path}: ${f.error}`);
  console.log(
    `Windows: train ${data.train.windows.length} (${data.train.augmented.filter(Boolean).length} augmented), ` +
      `val ${data.val.windows.length}, test ${data.test.windows.length}; features in ${featureSeconds.toFixed(0)} s`,
  );
  if (data.train.windows.length === 0 || (!options.refit && data.val.windows.length === 0)) {
    throw new Error('Training needs windows in both the training and validation splits');
  }
  return { dataset, plan, data, norm: normalizationStats(data.train.windows, featureCount(config)), featureSeconds, inputs: new Map() };
}
