import { execSync } from 'node:child_process';
import { CLASS_LABELS } from '../../src/core/labels';
import { MEYDA_VERSION } from '../../src/core/features';
import type { ModelMetadata } from '../../src/core/model';
import type { Evaluation } from '../eval/evaluate';
import { headline } from '../eval/metrics';
import type { WindowSet } from '../features/dataset';
import type { TrainResult } from '../model/train';
import type { Trained } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';
import type { Prepared } from '../pipeline/windows';

function codeVersion(): string {
  try {
    return execSync('git describe --always --dirty', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

export function summary(e: Evaluation) {
  return {
    ...headline(e.emotions),
    classAccuracy: e.classAccuracy,
    genderAccuracy: e.genderAccuracy,
    failed: e.failed.length,
    perCorpus: Object.fromEntries(Object.entries(e.perCorpus).map(([k, m]) => [k, headline(m)])),
    confusion: e.emotions.confusion,
  };
}

export function metadata(
  name: string,
  options: TrainingOptions,
  { norm }: Prepared,
  training: Record<string, unknown>,
  metrics: Record<string, unknown>,
): ModelMetadata {
  return {
    format: 'emotion-lens-model/1',
    architecture: name,
    labels: [...CLASS_LABELS],
    featureConfig: options.config,
    featureLibrary: { meyda: MEYDA_VERSION },
    normalization: norm,
    trainedAt: new Date().toISOString(),
    codeVersion: codeVersion(),
    training,
    metrics,
  };
}

/** How a model was trained: its data, split and epochs (an ensemble's per member), for the metadata and the report. */
export function trainingRecord({ result, members }: Trained, options: TrainingOptions, { plan, data, featureSeconds }: Prepared): Record<string, unknown> {
  // Counted from the epochs' own times, so that a resumed run reports the whole training.
  const epochSeconds = (members ?? [{ result }]).flatMap((m) => m.result.history.map((h) => h.seconds));
  const seconds = featureSeconds + epochSeconds.reduce((a, b) => a + b, 0);
  const countBySplit = (set: WindowSet) =>
    Object.fromEntries(CLASS_LABELS.map((label, k) => [label, set.labels.filter((l, i) => l === k && !set.augmented[i]).length]));
  const epochs = (r: TrainResult) => ({ epochsRun: r.history.length, bestEpoch: r.bestEpoch, bestValUar: r.bestValUar, history: r.history });
  return {
    seed: options.seed,
    ...(members ? { bestValUar: result.bestValUar, members: Object.fromEntries(members.map((m) => [m.architecture, epochs(m.result)])) } : epochs(result)),
    seconds: Math.round(seconds),
    refit: Boolean(options.refit),
    augmentedCopies: options.copies,
    bandLimitedShare: options.bandLimit ?? 0,
    windows: { train: data.train.windows.length, val: data.val.windows.length, test: data.test.windows.length },
    originalWindowsPerClass: { train: countBySplit(data.train), val: countBySplit(data.val), test: countBySplit(data.test) },
    split: { test: plan.test, val: plan.val },
  };
}
