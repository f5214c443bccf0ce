import { mkdtemp, rm, symlink } from 'node:fs/promises';
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
