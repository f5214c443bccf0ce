import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureRealTimeFactor } from './features';
import { type Figure, describeMachine } from './measure';

const outDir = import.meta.dirname;

function table(figures: Figure[]): string {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const rows = figures.map((f) => `| ${f.name} | ${f.unit} | ${fmt(f.min)} | ${fmt(f.median)} | ${fmt(f.max)} |`);
  return ['| figure | unit | min | median | max |', '|---|---|---|---|---|', ...rows].join('\n');
}

const machine = describeMachine();
const figures: Figure[] = [await featureRealTimeFactor()];

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ machine, figures }, null, 2)}\n`);
const machineLine = Object.entries(machine).map(([k, v]) => `${k}: ${v}`).join(', ');
const markdown = `# Benchmark results\n\n${machineLine}\n\n${table(figures)}\n`;
writeFileSync(join(outDir, 'results.md'), markdown);
console.log(markdown);
