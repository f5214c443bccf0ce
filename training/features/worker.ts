import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort } from 'node:worker_threads';
import { parseFeatureConfig } from '../../src/core/config';
import type { Recipe } from '../augment/augment';
import { extractClip } from './extract';

/** A feature-extraction thread: the pool sends it clips, it sends back their windows. */
const api = {
  async extract(file: string, recipe: Recipe | null, config: unknown): Promise<Float32Array[]> {
    return extractClip(file, recipe, parseFeatureConfig(config));
  },
};

export type ExtractWorker = typeof api;

expose(api, nodeEndpoint(parentPort!));
