import { type Remote, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { Worker } from 'node:worker_threads';
import type { ExtractWorker } from './worker';

/** Runs tasks on `size` worker threads, each taking the next task as it finishes one. */
export class ExtractPool {
  private readonly workers: Worker[];
  private readonly remotes: Remote<ExtractWorker>[];
  /** Rejects when a worker thread dies, so a crash fails the run instead of hanging it. */
  private readonly crashed: Promise<never>;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(new URL('./worker-entry.mjs', import.meta.url)));
    this.remotes = this.workers.map((w) => wrap<ExtractWorker>(nodeEndpoint(w)));
    this.crashed = new Promise((_, reject) => {
      for (const w of this.workers) w.on('error', (error) => reject(new Error(`A feature worker crashed: ${error.message}`)));
    });
    this.crashed.catch(() => {});
  }

  async run<T, R>(tasks: T[], work: (remote: Remote<ExtractWorker>, task: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(tasks.length);
    let next = 0;
    const all = Promise.all(
      this.remotes.map(async (remote) => {
        while (next < tasks.length) {
          const i = next++;
          results[i] = await work(remote, tasks[i]);
        }
      }),
    );
    await Promise.race([all, this.crashed]);
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
