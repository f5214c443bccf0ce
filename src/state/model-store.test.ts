import { describe, expect, it } from 'vitest';
import type { BackendName, BackendTiming, ModelInfo } from '../protocol';
import { type ModelBridge, createModelStore, whenReady } from './model-store';

const info = (backend: BackendName, skippedBackends: string[] = []): ModelInfo => ({
  backend,
  skippedBackends,
  architecture: 'fake',
  trainedAt: 'm1',
  codeVersion: 'test',
  metrics: {},
  training: {},
  uncertainBelow: 0.3,
  voiceHeads: false,
});

/** A fake worker and device: loads that wait for the test, a race with given timings, what was remembered and moved. */
function fakeBridge({ race, timings = [] as BackendTiming[] | Error }: { race?: BackendName[]; timings?: BackendTiming[] | Error } = {}) {
  const calls = { loads: 0, moves: [] as [BackendName, string[]][], remembered: [] as BackendName[] };
  let finish: { resolve: (info: ModelInfo) => void; reject: (error: Error) => void } | undefined;
  let changed: ((info: ModelInfo) => void) | undefined;
  const bridge: ModelBridge = {
    load(_order, onChange) {
      calls.loads++;
      changed = onChange;
      return new Promise((resolve, reject) => (finish = { resolve, reject }));
    },
    async moveTo(backend, notes) {
      calls.moves.push([backend, notes]);
    },
    timeBackends: async () => {
      if (timings instanceof Error) throw timings;
      return timings;
    },
    plan: () => ({ order: ['wasm', 'cpu'], race }),
    rememberFastest: (backend) => void calls.remembered.push(backend),
  };
  return { bridge, calls, finish: () => finish!, change: (next: ModelInfo) => changed!(next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A store loaded on wasm whose background race of webgl and wasm gave `timings`, once the race is over. */
async function loadedAfterRace(timings: BackendTiming[] | Error) {
  const fake = fakeBridge({ race: ['webgl', 'wasm'], timings });
  const store = createModelStore(fake.bridge);
  const loading = store.getState().load();
  fake.finish().resolve(info('wasm'));
  await loading;
  await settle();
  return { fake, store };
}

describe('the model store', () => {
  it('is loading, then ready with what the worker said; a second load joins the first', async () => {
    const fake = fakeBridge();
    const store = createModelStore(fake.bridge);
    const ready = whenReady(store);
    const [a, b] = [store.getState().load(), store.getState().load()];
    expect(store.getState().status).toBe('loading');
    expect(fake.calls.loads).toBe(1);
    fake.finish().resolve(info('wasm'));
    await Promise.all([a, b, ready]);
    expect(store.getState()).toMatchObject({ status: 'ready', info: { backend: 'wasm' } });
  });

  it('says why a load failed, and whenReady rejects with it', async () => {
    const fake = fakeBridge();
    const store = createModelStore(fake.bridge);
    const ready = whenReady(store);
    const loading = store.getState().load();
    fake.finish().reject(new Error('metadata.json: HTTP 404'));
    await loading;
    expect(store.getState()).toMatchObject({ status: 'error', error: 'metadata.json: HTTP 404' });
    await expect(ready).rejects.toThrow('The model is not available: metadata.json: HTTP 404');
  });

  it('shows what the worker reports of a later move, a failed one included', async () => {
    const fake = fakeBridge();
    const store = createModelStore(fake.bridge);
    const loading = store.getState().load();
    fake.finish().resolve(info('webgl'));
    await loading;
    fake.change(info('webgl', ['wasm: the move failed (no wasm); the model stays on webgl']));
    expect(store.getState()).toMatchObject({
      status: 'ready',
      info: { backend: 'webgl', skippedBackends: ['wasm: the move failed (no wasm); the model stays on webgl'] },
    });
  });

  it('moves to the backend a background race found faster, and remembers it', async () => {
    const { fake } = await loadedAfterRace([
      { backend: 'webgl', ms: 5 },
      { backend: 'wasm', ms: 20 },
    ]);
    expect(fake.calls.moves).toEqual([['webgl', ['wasm: slower here (20 ms vs 5 ms per window on webgl)']]]);
    expect(fake.calls.remembered).toEqual(['webgl']);
  });

  it('stays, with a note, when the running backend won the race', async () => {
    const { fake, store } = await loadedAfterRace([
      { backend: 'webgl', ms: 40 },
      { backend: 'wasm', ms: 20 },
    ]);
    expect(fake.calls.moves).toEqual([]);
    expect(fake.calls.remembered).toEqual(['wasm']);
    expect(store.getState().info?.skippedBackends).toEqual(['webgl: slower here (40 ms vs 20 ms per window on wasm)']);
  });

  it('remembers nothing from a race that timed nothing or failed, and says it runs again', async () => {
    for (const timings of [[{ backend: 'webgl', error: 'no context' }] as BackendTiming[], new Error('worker crashed')]) {
      const { fake, store } = await loadedAfterRace(timings);
      expect(fake.calls.remembered).toEqual([]);
      expect(store.getState().info?.skippedBackends[0]).toMatch(
        /^the race of webgl and wasm (timed nothing \(webgl: no context\)|failed \(worker crashed\)); it runs again at the next visit$/,
      );
    }
  });
});
