import { parse } from 'csv-parse/sync';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseEmotion, parseGender } from '../../src/core/labels';
import { type Clip, readClipName } from './corpora';

export const AUDIO_EXTENSIONS = ['.wav', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.aac', '.aif', '.aiff', '.webm'];

/** The labelled clips found under a root, and what was passed over, with why. */
export interface Dataset {
  root: string;
  clips: Clip[];
  skipped: { path: string; reason: string }[];
}

/**
 * Every file below `dir`, links followed (a corpus is often put together from linked folders); a folder
 * already walked, such as a link back up the tree, is not walked again.
 */
async function* walk(dir: string, walked = new Set<string>()): AsyncGenerator<string> {
  const real = await realpath(dir);
  if (walked.has(real)) return;
  walked.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? await stat(full).catch(() => null) : entry;
    if (kind?.isDirectory()) yield* walk(full, walked);
    else if (kind?.isFile()) yield full;
  }
}

/** Every audio file below `root` whose path follows one of the corpus layouts (subfolders allowed). */
async function scanFolder(root: string): Promise<Dataset> {
  const dataset: Dataset = { root, clips: [], skipped: [] };
  for await (const file of walk(root)) {
    if (!AUDIO_EXTENSIONS.includes(path.extname(file).toLowerCase())) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    const reading = readClipName(rel);
    if (!reading) dataset.skipped.push({ path: rel, reason: 'name follows no known corpus layout' });
    else if ('skipped' in reading) dataset.skipped.push({ path: rel, reason: `label outside our emotions (${reading.skipped})` });
    else dataset.clips.push(reading.clip);
  }
  return dataset;
}

/** A CSV with columns `path,emotion` and optional `gender,speaker,corpus`; paths relative to the CSV. */
async function scanManifest(csvFile: string): Promise<Dataset> {
  const root = path.dirname(csvFile);
  const rows = parse(await readFile(csvFile), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  if (rows.length > 0 && (!('path' in rows[0]) || !('emotion' in rows[0]))) {
    throw new Error(`${csvFile}: a manifest needs the columns path and emotion`);
  }
  const dataset: Dataset = { root, clips: [], skipped: [] };
  for (const row of rows) {
    const emotion = parseEmotion(row.emotion ?? '');
    if (!emotion) {
      dataset.skipped.push({ path: row.path, reason: `label outside our emotions (${row.emotion})` });
      continue;
    }
    const speaker = row.speaker || undefined;
    dataset.clips.push({
      path: row.path,
      corpus: row.corpus || 'manifest',
      emotion,
      gender: row.gender ? parseGender(row.gender) : undefined,
      speaker,
      group: speaker ? `${row.corpus || 'manifest'}:${speaker}` : `file:${row.path}`,
    });
  }
  return dataset;
}

/** Reads a dataset from a folder in any corpus layout, or from a CSV manifest. */
export async function scanDataset(location: string): Promise<Dataset> {
  const info = await stat(location).catch(() => null);
  if (!info) throw new Error(`${location}: no such file or folder`);
  if (info.isDirectory()) return scanFolder(location);
  if (location.toLowerCase().endsWith('.csv')) return scanManifest(location);
  throw new Error(`${location}: expected a folder of recordings or a .csv manifest`);
}
