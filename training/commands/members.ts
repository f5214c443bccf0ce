import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Architecture } from '../model/architectures';
import type { TrainingOptions } from '../pipeline/options';

const CLI = path.resolve(import.meta.dirname, '..', 'cli.ts');

/** Seconds each member's training took in the shipped run (public/model/REPORT.md), to start the longest first. */
const COST: Record<Architecture, number> = { cnn: 376, 'conv-lstm': 293, lstm: 284, tdnn: 260, stats: 70 };

/** The `train-member` command line that trains `architecture` exactly as this run would in-process. */
export function memberArgs(architecture: Architecture, options: TrainingOptions): string[] {
  const optional = (flag: string, value: string | number | undefined) => (value === undefined ? [] : [flag, String(value)]);
  return [
    '--backend',
    tf.getBackend(),
    'train-member',
    '--arch',
    architecture,
    '--data',
    options.data,
    ...optional('--epochs', options.epochs),
    ...optional('--patience', options.patience),
    '--batch-size',
    String(options.batchSize),
    '--lr',
    String(options.lr),
    '--copies',
    String(options.copies),
    '--seed',
    String(options.seed),
    '--jobs',
    '1',
    ...optional('--limit', options.limit),
    ...optional('--corpora', options.corpora?.join(',')),
    ...optional(
      '--share',
      options.share &&
        Object.entries(options.share)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
    ),
    '--split',
    options.split,
    '--runs',
    options.runs,
    '--cache',
    options.cache,
    ...(options.resume ? ['--resume'] : []),
    options.refit ? '--refit' : '--no-refit',
    '--front-end',
    options.frontEnd,
    ...(options.crops ? ['--crops'] : []),
    ...optional('--band-limit', options.bandLimit),
    ...optional('--loss', options.loss),
  ];
}

function runMember(architecture: Architecture, options: TrainingOptions): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...memberArgs(architecture, options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Each line named by its member: two trainings print side by side.
  createInterface({ input: child.stdout }).on('line', (line) => console.log(`[${architecture}] ${line}`));
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${architecture}] ${line}`));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Training ${architecture} failed (exit code ${code}); its log is above`))));
  });
}

/**
 * Trains the members of an ensemble side by side, one process each (tfjs's backend runs on one core), at
 * most `jobs` at a time and the costliest first. Each leaves its checkpoints in `runs/<architecture>`,
 * where the caller resumes them.
 */
export async function trainMembersApart(architectures: readonly Architecture[], options: TrainingOptions): Promise<void> {
  const queue = [...architectures].sort((a, b) => COST[b] - COST[a]);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await runMember(next, options);
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, queue.length) }, worker));
}
