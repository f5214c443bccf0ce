import { errorMessage } from '../../src/core/errors';
import path from 'node:path';
import Tinypool from 'tinypool';
import type { FeatureConfig } from '../../src/core/config';
import { classIndex } from '../../src/core/labels';
import { type Recipe, recipeFor } from '../augment/augment';
import type { Clip } from '../data/corpora';
import type { Dataset } from '../data/scan';
import { type CorpusShares, leftOutByShare } from '../data/share';
import { type Split, type SplitPlan, splitOf } from '../data/split';
import type { ExtractTask } from './worker';

/** Windows of one split with their labels; `clip` indexes the dataset's clips, for clip-level scores. */
export interface WindowSet {
  windows: Float32Array[];
  labels: number[];
  clip: number[];
  /** The corpus of each window's clip, for the per-corpus validation score. */
  corpus: string[];
  augmented: boolean[];
  /** The clip variant (the clip, or one augmented copy of it) each window was cut from. */
  source: number[];
}

export interface BuiltData {
  train: WindowSet;
  val: WindowSet;
  test: WindowSet;
  failures: { path: string; error: string }[];
  /** Clips left out of the 14-class training because their gender is unknown. */
  noGender: number;
}

export interface BuildOptions {
  config: FeatureConfig;
  seed: number;
  /** Augmented copies per training clip. */
  copies: number;
  /** The share of those copies band-limited like a telephone line (see `recipeFor`). */
  bandLimit?: number;
  cacheDir: string;
  jobs: number;
  /** Corpora trained on with only a share of their training clips. */
  share?: CorpusShares;
  /**
   * Cut training clips into windows every this many seconds rather than the config's window hop: the
   * crops a trainer with `crops` draws from. Validation and test keep the app's windows.
   */
  cropHopSeconds?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Task {
  clipIndex: number;
  split: Split;
  recipe: Recipe | null;
}

const emptySet = (): WindowSet => ({ windows: [], labels: [], clip: [], corpus: [], augmented: [], source: [] });

/**
 * Extracts (or reads from the cache) the windows of every clip, plus `copies` augmented copies of each
 * training clip. Validation and test clips are never augmented.
 */
export async function buildWindows(dataset: Dataset, plan: SplitPlan, options: BuildOptions): Promise<BuiltData> {
  const { config, seed, copies } = options;
  const tasks: Task[] = [];
  let noGender = 0;
  const splits = dataset.clips.map((clip) => splitOf(clip, plan));
  const training = dataset.clips.flatMap((clip, i) => (clip.gender && splits[i] === 'train' ? [i] : []));
  const leftOut = leftOutByShare(dataset.clips, training, options.share ?? {}, seed);
  dataset.clips.forEach((clip, clipIndex) => {
    if (!clip.gender) {
      noGender++;
      return;
    }
    if (leftOut.has(clipIndex)) return;
    const split = splits[clipIndex];
    tasks.push({ clipIndex, split, recipe: null });
    if (split === 'train') {
      for (let c = 0; c < copies; c++) tasks.push({ clipIndex, split, recipe: recipeFor(seed, clip.path, c, options.bandLimit) });
    }
  });

  const data: BuiltData = { train: emptySet(), val: emptySet(), test: emptySet(), failures: [], noGender };
  // Threads that each take the next clip as they finish one; the cache is read and written there too.
  const cropConfig = options.cropHopSeconds ? { ...config, windowHopSeconds: options.cropHopSeconds } : config;
  const pool = new Tinypool({ filename: new URL('./worker-entry.mjs', import.meta.url).href, minThreads: options.jobs, maxThreads: options.jobs });
  let done = 0;
  try {
    const results = await Promise.all(
      tasks.map(async (task) => {
        const clip = dataset.clips[task.clipIndex];
        const windowing = task.split === 'train' ? cropConfig : config;
        const work: ExtractTask = {
          file: path.resolve(dataset.root, clip.path),
          relPath: clip.path,
          recipe: task.recipe,
          config: windowing,
          cacheDir: options.cacheDir,
        };
        try {
          return (await pool.run(work)) as Float32Array[];
        } catch (error) {
          // An unreadable file fails for its original and each copy alike: report it once.
          if (!data.failures.some((f) => f.path === clip.path)) data.failures.push({ path: clip.path, error: errorMessage(error) });
          return [];
        } finally {
          options.onProgress?.(++done, tasks.length);
        }
      }),
    );
    tasks.forEach((task, i) => {
      const clip: Clip = dataset.clips[task.clipIndex];
      const set = data[task.split];
      for (const w of results[i]) {
        set.windows.push(w);
        set.labels.push(classIndex(clip.gender!, clip.emotion));
        set.clip.push(task.clipIndex);
        set.corpus.push(clip.corpus);
        set.augmented.push(task.recipe !== null);
        set.source.push(i);
      }
    });
  } finally {
    await pool.destroy();
  }
  return data;
}
