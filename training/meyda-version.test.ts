import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MEYDA_VERSION } from '../src/core/features';

describe('the feature library', () => {
  it('is the meyda release the features name: upgrading meyda means checking the features, then this constant', async () => {
    const file = createRequire(import.meta.url).resolve('meyda/package.json');
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(MEYDA_VERSION);
  });
});
