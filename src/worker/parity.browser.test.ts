import { wrap } from 'comlink';
import { commands } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import type { DebugApi } from '../protocol';
import { DEBUG_WORKER_NAME } from './debug-name';
import { parityChannels } from '../core/testing/parity';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Runs the same clip through the core in the Node test process. */
    nodeClipFeatures: () => Promise<{ span: { start: number; end: number }; data: number[] }[]>;
  }
}

describe('the core in the app worker', () => {
  it('gives bit-identical features to Node for the same 44.1 kHz stereo clip', async () => {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: DEBUG_WORKER_NAME });
    try {
      const api = wrap<DebugApi>(worker);
      await api.debugReady();
      const inWorker = await api.clipFeatures(parityChannels(), 44100);
      const inNode = await commands.nodeClipFeatures();
      expect(inWorker.length).toBeGreaterThan(0);
      expect(inWorker.map((w) => w.span)).toEqual(inNode.map((w) => w.span));
      inWorker.forEach((w, i) => {
        // Float32 values survive the trip through JSON exactly, so this compares bits.
        expect(Array.from(w.data)).toEqual(inNode[i].data);
      });
    } finally {
      worker.terminate();
    }
  });
});
