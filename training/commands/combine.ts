import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CombineRule, type Combined, type RecipeRef, combineCrossval, parseRecipeRef } from '../eval/combine';
import { windowsFileOf, writeWindowsFile } from '../eval/crossval-windows';
import { trainingDifferences } from '../eval/headline';
import { productName } from '../model/ensemble';
import { confusionTable, markdownTable } from '../eval/report';

function combinedReport(c: Combined): string {
  const rows = c.names.map((name, n) => [
    name,
    c.pooled[n].uar.toFixed(3),
    `${(100 * c.pooled[n].accuracy).toFixed(1)}%`,
    c.pooled[n].macroF1.toFixed(3),
    ...c.folds.map((f) => f.metrics[n].uar.toFixed(3)),
  ]);
  const mean = c.names.length - 1;
  return [
    `# Recipes of separate crossval runs over ${c.corpus} speakers, and their mean`,
    '',
    `Every ${c.corpus} clip that each recipe's folds held out (${c.pooled[0].n} clips${c.leftOut ? `; ${c.leftOut} left out, which some recipe has no windows for` : ''}):`,
    `its 7 emotion probabilities from its windows (T = 1, genders summed), scored alone and ${
      c.rule === 'product' ? 'joined window by window as the app joins them (a weighted product)' : 'averaged over the recipes'
    }.`,
    '',
    markdownTable(['recipe', `pooled ${c.corpus} UAR`, 'accuracy', 'macro-F1', ...c.folds.map((f) => `fold ${f.fold} UAR`)], rows),
    '',
    `## ${c.names[mean]}`,
    '',
    confusionTable(c.pooled[mean]),
    '',
  ].join('\n');
}

/**
 * A product's crossval report and held-out windows beside `out` (`-windows.json`), as `crossval` writes a
 * recipe's: the product is a recipe of its own, which `train` ships and calibrates by this report.
 */
async function writeProductReport(out: string, refs: readonly RecipeRef[], c: Combined): Promise<string> {
  const [way, ...others] = c.trainings;
  if (!way) throw new Error(`${refs[0].report} does not say how it trained: a product of it cannot be shipped`);
  others.forEach((other, i) => {
    const differences = other ? trainingDifferences(way, other) : ['not recorded'];
    if (differences.length) throw new Error(`${refs[i + 1].report} trained another way than ${refs[0].report} (${differences.join('; ')})`);
  });
  const recipe = productName(refs);
  const json = `${out.replace(/\.md$/, '')}.json`;
  const folds = c.folds.map(({ fold, test }) => ({ fold, test }));
  const report = { options: { corpus: c.corpus, folds: folds.length }, training: way, joined: refs, recipes: [{ recipe, folds, all: c.pooled.at(-1) }] };
  await writeFile(json, `${JSON.stringify(report, null, 1)}\n`);
  await writeWindowsFile(windowsFileOf(out), c.corpus, new Map([[recipe, c.heldOut ?? []]]));
  return `${json} and ${windowsFileOf(out)} (recipe ${recipe})`;
}

/** Scores recipes of separate crossval runs on the same folds, and their mean or product; prints (and writes) the table. */
export async function combineCommand(recipes: string[], opts: { out?: string; rule: CombineRule }): Promise<void> {
  const refs = recipes.map(parseRecipeRef);
  const combined = await combineCrossval(refs, opts.rule);
  const text = combinedReport(combined);
  console.log(text);
  if (opts.out) {
    await mkdir(path.dirname(opts.out), { recursive: true });
    await writeFile(opts.out, text);
    const product = combined.heldOut ? `, ${await writeProductReport(opts.out, refs, combined)}` : '';
    console.log(`Written to ${opts.out}${product}`);
  }
}
