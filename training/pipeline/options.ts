import type { FeatureConfig } from '../../src/core/config';
import type { CorpusShares } from '../data/share';
import type { FrontEnd } from '../recipe';
import type { TrainingLoss, TrainingTargets } from '../model/train';

/** Options shared by training and cross-validation. */
export interface TrainingOptions {
  data: string;
  /** Override the architecture's own training length (`TRAINING_LENGTH`). */
  epochs?: number;
  patience?: number;
  batchSize: number;
  lr: number;
  copies: number;
  seed: number;
  jobs: number;
  limit?: number;
  /** Use only these corpora (say, to measure what one adds). */
  corpora?: string[];
  /** Train on only a share of these corpora's training clips (every speaker kept). */
  share?: CorpusShares;
  split: string;
  newSplit?: boolean;
  runs: string;
  cache: string;
  resume?: boolean;
  /**
   * Train on the validation speakers too, for the architecture's fixed number of epochs (`refitEpochs`),
   * keeping the last: more speakers, and no epoch chosen on a handful of them.
   */
  refit?: boolean;
  /** The front end's name (`FRONT_ENDS`) and its config. */
  frontEnd: FrontEnd;
  config: FeatureConfig;
  /** Train on one random crop of each clip variant per epoch (see `buildWindows`), not on all its windows. */
  crops?: boolean;
  /** The share of augmented copies that keep only a telephone-like band (`recipeFor`). */
  bandLimit?: number;
  /** The training loss (`--loss`); cross-entropy unless said. */
  loss?: TrainingLoss;
  /** What the speech encoder's member is taught (`--targets`): classes unless said. */
  targets?: TrainingTargets;
}
