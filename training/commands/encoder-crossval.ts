import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clipEmotions } from '../../src/core/calibration';
import { frameSteps } from '../../src/core/encoder/frames';
import { EMOTIONS } from '../../src/core/labels';
import { crossValidationFolds } from '../data/split';
import { type HeldOutClip, heldOutClips, windowsFileOf, writeWindowsFile } from '../eval/crossval-windows';
import { type Metrics, computeMetrics } from '../eval/metrics';
import { markdownTable, metricsMarkdown } from '../eval/report';
import { encodeClips, fitEncoderMember, memberSamples } from '../encoder/member';
import type { EncoderArchitecture } from '../model/architectures';
import type { Sample } from '../model/calibrate';
import { loadData, trainingWay } from '../pipeline/data';
import { epochsOf } from '../pipeline/fit';
import type { TrainingOptions } from '../pipeline/options';

export interface EncoderCrossvalOptions extends TrainingOptions {
  architecture: EncoderArchitecture;
  corpus: string;
  folds: number;
  /** The Markdown report; the JSON results and held-out windows go beside it. */
  out: string;
}

/** Clip-level scores of samples (7 emotions, T = 1, the windows' mean as the app takes it). */
function metricsOf(samples: readonly Sample[]): Metrics {
  return computeMetrics(
    samples.map((s) => s.emotion),
    samples.map((s) => {
      const p = clipEmotions(s.windows, 1);
      return p.indexOf(Math.max(...p));
    }),
    EMOTIONS,
  );
}

interface Fold {
  fold: number;
  test: string[];
  /** UAR of each corpus's test clips in this fold (the folded corpus's held-out speakers, the others' test split). */
  uar: Record<string, number>;
  seconds: number;
}

/**
 * Cross-validates a member on the speech encoder's frames over the same folds as `crossval` (the same
 * split, the same held-out speakers), writing its held-out windows so that `crossval:combine` scores it
 * beside the feature members' recipes. The windows are the app's, clip by clip in the same order.
 */
export async function encoderCrossvalCommand(options: EncoderCrossvalOptions): Promise<void> {
  const { corpus, architecture, config } = options;
  const { dataset, plan } = await loadData(options);
  const plans = crossValidationFolds(plan, dataset.clips, corpus, options.folds);
  const encoded = await encodeClips(dataset, options);
  const steps = frameSteps(config);
  const folds: Fold[] = [];
  const heldOut: HeldOutClip[] = [];
  const tested: Sample[] = [];
  for (const [k, foldPlan] of plans.entries()) {
    const test = foldPlan.test.filter((g) => g.startsWith(`${corpus}:`));
    const fitted = await fitEncoderMember(
      architecture,
      encoded,
      foldPlan,
      options,
      path.join(options.runs, 'crossval-encoder', corpus, `fold-${k + 1}`, architecture),
    );
    const { result } = fitted;
    const samples = await memberSamples(fitted, 'test', steps);
    result.model.dispose();
    const corpora = [...new Set(samples.map((s) => s.corpus))].sort();
    const uar = Object.fromEntries(corpora.map((c) => [c, metricsOf(samples.filter((s) => s.corpus === c)).uar]));
    const seconds = Math.round(result.history.reduce((sum, h) => sum + h.seconds, 0));
    folds.push({ fold: k + 1, test, uar, seconds });
    tested.push(...samples.filter((s) => s.corpus === corpus));
    heldOut.push(...heldOutClips(samples, dataset.clips, corpus));
    console.log(`Fold ${k + 1}/${plans.length} (test ${test.join(' ')}): ${corpora.map((c) => `${c} ${uar[c].toFixed(3)}`).join(', ')} (${seconds} s)`);
  }
  const all = metricsOf(tested);
  const text = report(options, folds, all, encoded.failures.length);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, text);
  const json = `${options.out.replace(/\.md$/, '')}.json`;
  const recipes = [{ recipe: architecture, folds, all }];
  await writeFile(
    json,
    `${JSON.stringify({ options, training: { ...trainingWay(options, dataset), copies: 0 }, encoder: encoded.encoder.digests, recipes }, null, 1)}\n`,
  );
  await writeWindowsFile(windowsFileOf(options.out), corpus, new Map([[architecture, heldOut]]));
  console.log(`\n${text}\nWritten to ${options.out}, ${json} and ${windowsFileOf(options.out)}`);
}

function report(options: EncoderCrossvalOptions, folds: Fold[], all: Metrics, failed: number): string {
  const { corpus, architecture } = options;
  const corpora = [...new Set(folds.flatMap((f) => Object.keys(f.uar)))].sort();
  const rows = folds.map((f) => [f.fold, f.test.join(' '), ...corpora.map((c) => f.uar[c]?.toFixed(3) ?? '–'), `${f.seconds} s`]);
  return [
    `# ${folds.length}-fold cross-validation over ${corpus} speakers: ${architecture} on the speech encoder's frames`,
    '',
    `The folds of \`npm run crossval\` (the committed split's seed). Each fold trains on the other ${corpus} speakers and the`,
    `other corpora's training${options.refit ? ' and validation' : ''} groups, as recorded (no augmented copies), for ${epochsOf(architecture, options)} epochs${options.refit ? ' (the last kept)' : ' at most'},`,
    `Adam ${options.lr}, batch ${options.batchSize}, seed ${options.seed}${options.targets === 'emotions' ? ", taught each window's emotion alone (half on each gender's class)" : ''}. Each window is the app's 3 s window, read as the`,
    `speech_embedding vectors of its active part (at most ${frameSteps(options.config)}), the clip at the features' level. Scores: 7 emotions, clip level (the windows' mean), T = 1; chance on ${corpus} is ${(1 / EMOTIONS.length).toFixed(3)}.`,
    '',
    markdownTable(['fold', `test (${corpus})`, ...corpora.map((c) => `test ${c} UAR`), 'training'], rows),
    '',
    `## Every ${corpus} clip, each tested once (${all.n} clips)`,
    '',
    ...metricsMarkdown(all),
    ...(failed ? [`${failed} clips could not be read (named in the log); they count in no figure.`, ''] : []),
  ].join('\n');
}
