import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './test';

const ASSETS = path.resolve(import.meta.dirname, '..', 'dist', 'assets');
/** What only tests and benchmarks ask of the analysis worker (src/worker/debug-hooks.ts). */
const HOOKS = [
  'loseWebglContext',
  'breakModel',
  'tensorCount',
  'benchFeatures',
  'benchInference',
  'benchSpeech',
  'benchWindows',
  'benchStages',
  'clipFeatures',
];

async function chunk(prefix: string): Promise<string> {
  const names = (await readdir(ASSETS)).filter((n) => n.startsWith(prefix) && n.endsWith('.js'));
  expect(names, `one ${prefix}*.js in the build`).toHaveLength(1);
  return readFile(path.join(ASSETS, names[0]), 'utf8');
}

test("the app's analysis worker carries no test or bench hook: they are a chunk of their own, which only a ?bench worker loads", async () => {
  const worker = await chunk('analysis.worker-');
  const debug = await chunk('debug-hooks-');
  // Names only (a failure would otherwise print megabytes of minified code).
  expect(HOOKS.filter((hook) => worker.includes(hook))).toEqual([]);
  expect(HOOKS.filter((hook) => !debug.includes(hook))).toEqual([]);
  // The worker loads that chunk only by import(), behind its name check.
  expect(/import\(["'`][^"'`]*debug-hooks-[\w-]+\.js["'`]\)/.test(worker)).toBe(true);
});
