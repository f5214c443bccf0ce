import { stat } from 'node:fs/promises';
import { parseFeatureConfig } from '../../src/core/config';
import { AUGMENT_VERSION, type Recipe } from '../augment/augment';
import { FeatureCache } from './cache';
import { extractClip } from './extract';

/** One clip variant to extract: read from the cache when it holds it, else computed and cached. */
export interface ExtractTask {
  /** The file on disk, and its path relative to the dataset (the cache key's name for it). */
  file: string;
  relPath: string;
  recipe: Recipe | null;
  config: unknown;
  cacheDir: string;
}

/** A feature-extraction thread's work (tinypool calls it with each task). */
export default async function extract({ file, relPath, recipe, config, cacheDir }: ExtractTask): Promise<Float32Array[]> {
  const cache = new FeatureCache(cacheDir);
  const info = await stat(file);
  const key = FeatureCache.key({ file: relPath, size: info.size, mtime: info.mtimeMs, recipe: recipe && { ...recipe, version: AUGMENT_VERSION }, config });
  const cached = await cache.get(key);
  if (cached) return cached;
  const windows = await extractClip(file, recipe, parseFeatureConfig(config));
  await cache.put(key, windows);
  return windows;
}
