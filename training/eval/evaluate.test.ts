import { readdir, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { testModel } from '../../src/core/testing/model';
import { scanDataset } from '../data/scan';
import { loadSpeechDetector } from '../speech';
import { makeRavdessFixture } from '../testing/fixtures';
import { selectNodeBackend } from '../tf/backend';
import type { ClipInputs } from './classify-file';
import { evaluateClips } from './evaluate';

describe('scoring clips with several models', async () => {
  await selectNodeBackend('wasm');
  const root = await makeRavdessFixture(2);
  afterAll(() => rm(root, { recursive: true }));
  const { clips } = await scanDataset(root);
  const speech = await loadSpeechDetector();

  it('reads each clip once for all of them, and answers as if each had read it alone', async () => {
    const inputs: ClipInputs = new Map();
    const [a, b] = [testModel(1), testModel(2)];
    const shared = [await evaluateClips(a, root, clips, speech, undefined, inputs), await evaluateClips(b, root, clips, speech, undefined, inputs)];
    expect(inputs.size).toBe((await readdir(root, { recursive: true })).filter((f) => f.endsWith('.wav')).length);
    const alone = [await evaluateClips(a, root, clips, speech), await evaluateClips(b, root, clips, speech)];
    expect(shared.map((e) => e.predictions)).toEqual(alone.map((e) => e.predictions));
    // The two models do differ: the shared inputs did not make them answer alike.
    expect(shared[0].predictions.map((p) => p.probabilities)).not.toEqual(shared[1].predictions.map((p) => p.probabilities));
  });
});
