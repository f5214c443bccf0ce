import { parse } from 'csv-parse/sync';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRavdessFixture } from '../testing/fixtures';
import { scanDataset } from './scan';

describe('dataset folder scan', async () => {
  const corpus = await makeRavdessFixture(2);
  const root = await mkdtemp(path.join(os.tmpdir(), 'linked-corpus-'));
  afterAll(() => Promise.all([rm(corpus, { recursive: true }), rm(root, { recursive: true })]));

  it('follows linked folders and files, and walks a folder reached twice only once', async () => {
    await symlink(path.join(corpus, 'Actor_01'), path.join(root, 'Actor_01'));
    await symlink(path.join(corpus, 'Actor_02', '03-01-05-01-01-01-02.wav'), path.join(root, '03-01-05-01-01-01-02.wav'));
    await symlink(root, path.join(root, 'loop'));
    await symlink(path.join(root, 'missing'), path.join(root, 'dangling'));
    const dataset = await scanDataset(root);
    expect(dataset.clips.map((c) => c.path).sort()).toEqual([
      '03-01-05-01-01-01-02.wav',
      'Actor_01/03-01-04-01-01-01-01.wav',
      'Actor_01/03-01-05-01-01-01-01.wav',
    ]);
    expect(dataset.clips.map((c) => c.speaker).sort()).toEqual(['ravdess:01', 'ravdess:01', 'ravdess:02']);
  });
});

const DATASETS_DIR = process.env.DATASETS_DIR;

describe.skipIf(!DATASETS_DIR)('nEMO in DATASETS_DIR', () => {
  it('reads every clip, with the gender and speaker that data.tsv gives', async () => {
    const dataset = await scanDataset(path.join(DATASETS_DIR!, 'nemo'));
    const rows = parse(await readFile(path.join(DATASETS_DIR!, 'nemo', 'data.tsv')), { columns: true, delimiter: '\t', trim: true }) as Record<
      string,
      string
    >[];
    const tsv = new Map(rows.map((r) => [r.file_id.replace(/\.\w+$/, ''), r]));
    expect(dataset.clips).toHaveLength(4481);
    expect(dataset.skipped).toEqual([]);
    for (const clip of dataset.clips) {
      const row = tsv.get(path.basename(clip.path).replace(/\.\w+$/, ''));
      expect({ speaker: clip.speaker, gender: clip.gender }).toEqual({ speaker: `nemo:${row?.speaker_id}`, gender: row?.gender });
    }
  });
});
