import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combineCrossval, parseRecipeRef } from './combine';

/** A 14-class window with `share` on emotion `k` (female) and the rest on emotion `other`. */
const window = (k: number, share: number, other: number) => Array.from({ length: 14 }, (_, i) => (i === k ? share : i === other ? 1 - share : 0));

describe('combining recipes of separate crossval runs', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'combine-'));
  afterAll(() => rm(dir, { recursive: true }));
  const folds = [
    { fold: 1, test: ['ravdess:01'] },
    { fold: 2, test: ['ravdess:02'] },
  ];
  /** Writes a crossval report of one recipe and its held-out windows; returns the report's path. */
  const report = async (name: string, recipe: string, clips: { path: string; group: string; emotion: number; windows: number[][] }[], reportFolds = folds) => {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify({ options: { corpus: 'ravdess' }, recipes: [{ recipe, folds: reportFolds }] }));
    await writeFile(path.join(dir, `${name}-windows.json`), JSON.stringify({ corpus: 'ravdess', recipes: { [recipe]: clips } }));
    return file;
  };
  // Clip a is angry (0), clip b neutral (4). Each recipe reads one of them right; their mean reads both.
  const a = { path: 'Actor_01/a.flac', group: 'ravdess:01', emotion: 0 };
  const b = { path: 'Actor_02/b.flac', group: 'ravdess:02', emotion: 4 };
  const first = await report('first', 'lstm', [
    { ...a, windows: [window(0, 0.9, 2)] },
    { ...b, windows: [window(1, 0.6, 4)] },
  ]);
  const second = await report('second', 'cnn', [
    { ...a, windows: [window(2, 0.6, 0), window(2, 0.6, 0)] },
    { ...b, windows: [window(4, 0.9, 1)] },
    { path: 'Actor_02/c.flac', group: 'ravdess:02', emotion: 4, windows: [window(4, 1, 0)] },
  ]);

  it('scores each recipe and their mean per fold and pooled, on the clips all of them scored', async () => {
    const combined = await combineCrossval([parseRecipeRef(`${first}#lstm`), parseRecipeRef(`${second}#cnn`)]);
    expect(combined.names).toEqual([`lstm (${first})`, `cnn (${second})`, 'mean of the 2']);
    expect(combined.pooled.map((m) => m.accuracy)).toEqual([0.5, 0.5, 1]);
    expect(combined.folds.map((f) => f.metrics.map((m) => m.accuracy))).toEqual([
      [1, 0, 1],
      [0, 1, 1],
    ]);
    expect(combined.pooled[2].n).toBe(2);
    expect(combined.leftOut).toBe(1);
  });

  it('refuses runs over other folds, recipes a report lacks, and malformed names', async () => {
    const other = await report('other', 'lstm', [{ ...a, windows: [window(0, 1, 1)] }], [{ fold: 1, test: ['ravdess:01', 'ravdess:02'] }]);
    await expect(combineCrossval([parseRecipeRef(`${first}#lstm`), parseRecipeRef(`${other}#lstm`)])).rejects.toThrow(/cross-validated other folds/);
    await expect(combineCrossval([parseRecipeRef(`${first}#lstm`), parseRecipeRef(`${second}#tdnn`)])).rejects.toThrow(/has no recipe tdnn \(it has cnn\)/);
    await expect(combineCrossval([parseRecipeRef(`${first}#lstm`)])).rejects.toThrow(/two recipes or more/);
    expect(() => parseRecipeRef('CROSSVAL.json')).toThrow(/REPORT\.json#RECIPE/);
    expect(parseRecipeRef('a#b.json#lstm+cnn')).toEqual({ report: 'a#b.json', recipe: 'lstm+cnn', weight: 1 });
    expect(parseRecipeRef('a.json#encoder-conv*0.5')).toEqual({ report: 'a.json', recipe: 'encoder-conv', weight: 0.5 });
    for (const bad of ['a.json#lstm*0', 'a.json#lstm*x', 'a.json#lstm*1*2', 'a.json#*2']) expect(() => parseRecipeRef(bad)).toThrow(/a weight above 0/);
  });

  // Clip a: one window in each; the third recipe leans to fear (2) where the first reads angry.
  const third = await report('third', 'encoder-conv', [
    { ...a, windows: [window(2, 0.6, 0)] },
    { ...b, windows: [window(4, 0.9, 1)] },
  ]);

  it("weighs recipes in a mean, and joins each window by the app's weighted product", async () => {
    const refs = (weight: number) => [parseRecipeRef(`${first}#lstm`), parseRecipeRef(`${third}#encoder-conv*${weight}`)];
    // Mean: a's angry 0.9 + 0.4 w against fear 0.1 + 0.6 w; product: 0.9 x 0.4^w against 0.1 x 0.6^w.
    const predictedA = (c: Awaited<ReturnType<typeof combineCrossval>>) => c.pooled[2].confusion[0].indexOf(1);
    expect(predictedA(await combineCrossval(refs(1)))).toBe(0);
    expect(predictedA(await combineCrossval(refs(5)))).toBe(2);
    const product = await combineCrossval(refs(0.5), 'product');
    expect(product.names[2]).toBe('product of the 2 (weights 1, 0.5)');
    expect(predictedA(product)).toBe(0);
    expect(predictedA(await combineCrossval(refs(10), 'product'))).toBe(2);
  });

  it('refuses a product of recipes whose windows differ', async () => {
    await expect(combineCrossval([parseRecipeRef(`${first}#lstm`), parseRecipeRef(`${second}#cnn`)], 'product')).rejects.toThrow(
      'Actor_01/a.flac has 1 and 2 windows in these recipes: a product joins the same windows',
    );
  });
});
