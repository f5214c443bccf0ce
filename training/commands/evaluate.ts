import { readFile, writeFile } from 'node:fs/promises';
import { scanDataset } from '../data/scan';
import { type Split, splitOf, splitPlanSchema } from '../data/split';
import { parseJsonFile } from '../files';
import { evaluateClips } from '../eval/evaluate';
import { evaluationMarkdown } from '../eval/report';
import { progressBar } from '../progress';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';

export async function evaluateCommand(opts: { data: string; model: string; split: string; only?: Split; json?: string }): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const dataset = await scanDataset(opts.data);
  let clips = dataset.clips;
  if (opts.only) {
    const plan = parseJsonFile(opts.split, await readFile(opts.split, 'utf8'), splitPlanSchema);
    clips = clips.filter((c) => splitOf(c, plan) === opts.only);
  }
  if (clips.length === 0) throw new Error(`${opts.data}: no labelled clips to evaluate`);
  const bar = progressBar('evaluate');
  const evaluation = await evaluateClips(model, dataset.root, clips, await loadSpeechDetector(), (d, t) => bar.update(d, t));
  bar.stop();
  console.log(`Model: ${opts.model} (${model.meta.architecture}); data: ${opts.data}`);
  console.log(`${evaluation.n} clips classified, ${evaluation.failed.length} failed, ${dataset.skipped.length} skipped (labels outside our emotions or unknown names)\n`);
  console.log(evaluationMarkdown(evaluation));
  if (opts.json) {
    await writeFile(opts.json, `${JSON.stringify({ ...evaluation, skipped: dataset.skipped }, null, 1)}\n`);
    console.log(`\nWrote ${opts.json}`);
  }
}
