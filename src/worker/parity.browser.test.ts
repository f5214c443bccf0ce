import { wrap } from 'comlink';
import { commands } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import type { DebugApi } from '../protocol';
import { DEBUG_WORKER_NAME } from './debug-name';
import { parityChannels, parityEncoderSignal } from '../core/testing/parity';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Runs the same clip through the core in the Node test process. */
    nodeClipFeatures: () => Promise<{ span: { start: number; end: number }; data: number[] }[]>;
    /** Runs the same signal through the speech encoder in the Node test process. */
    nodeClipEncoding: () => Promise<{ count: number; vectors: number[] }>;
  }
}

/** Runs `check` on a debug analysis worker of the app's own. */
async function withWorker(check: (api: ReturnType<typeof wrap<DebugApi>>) => Promise<void>): Promise<void> {
  const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: DEBUG_WORKER_NAME });
  try {
    const api = wrap<DebugApi>(worker);
    await api.debugReady();
    await check(api);
  } finally {
    worker.terminate();
  }
}

describe('the core in the app worker', () => {
  it('gives bit-identical features to Node for the same 44.1 kHz stereo clip', async () => {
    await withWorker(async (api) => {
      const inWorker = await api.clipFeatures(parityChannels(), 44100);
      const inNode = await commands.nodeClipFeatures();
      expect(inWorker.length).toBeGreaterThan(0);
      expect(inWorker.map((w) => w.span)).toEqual(inNode.map((w) => w.span));
      inWorker.forEach((w, i) => {
        // Float32 values survive the trip through JSON exactly, so this compares bits.
        expect(Array.from(w.data)).toEqual(inNode[i].data);
      });
    });
  });

  it("gives the speech encoder's vectors that Node gives, read in stretches by the detector's workers", async () => {
    await withWorker(async (api) => {
      const inWorker = await api.clipEncoding(parityEncoderSignal());
      const inNode = await commands.nodeClipEncoding();
      expect(inWorker.count).toBe(inNode.count);
      // 45 s: more than one stretch of the pool's, so their seam is checked too.
      expect(inWorker.count).toBeGreaterThan(500);
      let worst = 0;
      inWorker.vectors.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - inNode.vectors[i]))));
      expect(worst).toBe(0);
    });
  });
});
