import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Combined, combineCrossval, parseRecipeRef } from '../eval/combine';
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
    'its 7 emotion probabilities from its windows (T = 1, genders summed), scored alone and averaged over the recipes.',
    '',
    markdownTable(['recipe', `pooled ${c.corpus} UAR`, 'accuracy', 'macro-F1', ...c.folds.map((f) => `fold ${f.fold} UAR`)], rows),
    '',
    `## ${c.names[mean]}`,
    '',
    confusionTable(c.pooled[mean]),
    '',
  ].join('\n');
}

/** Scores recipes of separate crossval runs on the same folds, and their mean; prints (and writes) the table. */
export async function combineCommand(recipes: string[], opts: { out?: string }): Promise<void> {
  const text = combinedReport(await combineCrossval(recipes.map(parseRecipeRef)));
  console.log(text);
  if (opts.out) {
    await mkdir(path.dirname(opts.out), { recursive: true });
    await writeFile(opts.out, text);
    console.log(`Written to ${opts.out}`);
  }
}
