import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitPlanSchema } from './data/split';
import { parseJsonFile, readIfExists } from './files';

describe('reading the files training keeps', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'files-'));
  afterAll(() => rm(dir, { recursive: true }));

  it('treats only a missing file as absent', async () => {
    expect(await readIfExists(path.join(dir, 'none.json'))).toBeNull();
    await mkdir(path.join(dir, 'a-folder.json'));
    await expect(readIfExists(path.join(dir, 'a-folder.json'))).rejects.toThrow(/EISDIR/);
    await writeFile(path.join(dir, 'x.json'), '{}');
    expect(await readIfExists(path.join(dir, 'x.json'))).toBe('{}');
  });

  it('names the file and the wrong fields of a malformed split', () => {
    expect(parseJsonFile('split.json', '{"seed": 7, "test": [], "val": []}', splitPlanSchema)).toEqual({ seed: 7, test: [], val: [] });
    expect(() => parseJsonFile('split.json', '{"seed": 7, "test": "ravdess:01"}', splitPlanSchema)).toThrow(/^split\.json: test: .*; val: /);
    expect(() => parseJsonFile('split.json', '{"seed": 7,', splitPlanSchema)).toThrow(/^split\.json: not valid JSON/);
  });
});
