import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { browserFigures } from './browser';
import { featureRtfNode } from './features';
import { type Figure, describeMachine } from './measure';
import { nodeEvaluate, nodeInference, nodeSpeech, sizeFigures } from './node';
import { trainingEngineFigures, trainingFigures } from './training';

const outDir = import.meta.dirname;
const repo = path.resolve(outDir, '..');
const distDir = path.join(repo, 'dist');

function table(figures: Figure[]): string {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const rows = figures.map((f) => `| ${f.name} | ${f.unit} | ${fmt(f.min)} | ${fmt(f.median)} | ${fmt(f.max)} |`);
  return ['| figure | unit | min | median | max |', '|---|---|---|---|---|', ...rows].join('\n');
}

console.error('Building the app…');
execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { cwd: repo, stdio: 'inherit' });
const machine = describeMachine();
const figures: Figure[] = [];
for (const [label, step] of [
  ['features in Node', async () => [await featureRtfNode()]],
  ['inference in Node', nodeInference],
  ['speech detection in Node', nodeSpeech],
  ['evaluation in Node', nodeEvaluate],
  ['Chromium', () => browserFigures(distDir)],
  ['sizes', () => sizeFigures(distDir)],
  ['training', trainingFigures],
  ['the training engine', trainingEngineFigures],
] as const) {
  console.error(`Measuring ${label}…`);
  figures.push(...(await step()));
}
const ratios = (a: string, b: string) => {
  const [x, y] = [figures.find((f) => f.name === a), figures.find((f) => f.name === b)];
  return x && y ? `${a} / ${b}: ${(x.median / y.median).toFixed(2)}` : '';
};
const ratioLines = [
  ratios('inference.ms.chromium.wasm', 'inference.ms.chromium.webgl'),
  ratios('inference.ms.chromium.cpu', 'inference.ms.chromium.webgl'),
  ratios('inference.ms.node.cpu', 'inference.ms.node.wasm'),
  ratios('inference.ms.chromium.wasm', 'inference.ms.node.wasm'),
  ratios('inference.ms.chromium.wasm', 'inference.ms.chromium.wasm.features_only'),
  ratios('file.rtf.chromium.long', 'file.rtf.chromium.long.features_only'),
].filter(Boolean);

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify({ machine, figures, ratios: ratioLines }, null, 2)}\n`);
const machineLine = Object.entries(machine)
  .map(([k, v]) => `${k}: ${v}`)
  .join(', ');
const markdown = [
  '# Benchmark results',
  '',
  machineLine,
  '',
  'Each timing after a warm-up; min / median / max over the runs. Chromium uses SwiftShader (software WebGL) here,',
  'so compare ratios across runs rather than absolute WebGL times.',
  '',
  table(figures),
  '',
  'Ratios (medians, same run):',
  '',
  ...ratioLines.map((l) => `- ${l}`),
  '',
].join('\n');
writeFileSync(path.join(outDir, 'results.md'), markdown);
console.log(markdown);
