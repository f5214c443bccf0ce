import { readFile, writeFile } from 'node:fs/promises';
import { scanDataset } from '../data/scan';
import { type Split, splitOf, splitPlanSchema } from '../data/split';
import { parseJsonFile } from '../files';
import { type Evaluation, evaluateClips } from '../eval/evaluate';
import { evaluationMarkdown } from '../eval/report';
import { progressBar } from '../progress';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';
import { type AdaptationRecord, adaptationLine, evaluateAdapted } from '../voice/evaluate-adapted';
import type { AdaptMode } from '../voice/simulate';

export interface EvaluateOptions {
  data: string;
  model: string;
  split: string;
  only?: Split;
  json?: string;
  adapt: AdaptMode;
  adaptSeed: number;
  cache: string;
}

export async function evaluateCommand(opts: EvaluateOptions): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const dataset = await scanDataset(opts.data);
  let clips = dataset.clips;
  if (opts.only) {
    const plan = parseJsonFile(opts.split, await readFile(opts.split, 'utf8'), splitPlanSchema);
    clips = clips.filter((c) => splitOf(c, plan) === opts.only);
  }
  if (clips.length === 0) throw new Error(`${opts.data}: no labelled clips to evaluate`);
  const bar = progressBar('evaluate');
  const onProgress = (d: number, t: number) => bar.update(d, t);
  const speech = await loadSpeechDetector();
  const evaluation: Evaluation & { adaptation?: AdaptationRecord } =
    opts.adapt.kind === 'none'
      ? await evaluateClips(model, dataset.root, clips, speech, onProgress)
      : await evaluateAdapted(model, dataset.root, clips, speech, opts.adapt, opts.adaptSeed, { cacheDir: opts.cache, onProgress });
  bar.stop();
  console.log(`Model: ${opts.model} (${model.meta.architecture}); data: ${opts.data}`);
  if (evaluation.adaptation) console.log(adaptationLine(evaluation.adaptation));
  console.log(
    `${evaluation.n} clips classified, ${evaluation.failed.length} failed, ${dataset.skipped.length} skipped (labels outside our emotions or unknown names)\n`,
  );
  console.log(evaluationMarkdown(evaluation));
  if (opts.json) {
    await writeFile(opts.json, `${JSON.stringify({ ...evaluation, skipped: dataset.skipped }, null, 1)}\n`);
    console.log(`\nWrote ${opts.json}`);
  }
}
