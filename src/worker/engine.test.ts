import { describe, expect, it } from 'vitest';
import type { BackendName, ModelInfo } from '../protocol';
import { AnalysisEngine, type EngineBackend } from './engine';

const info = (backend: BackendName, trainedAt = 'm1'): ModelInfo => ({
  backend,
  skippedBackends: [],
  architecture: 'fake',
  trainedAt,
  codeVersion: 'test',
  metrics: {},
  training: {},
  uncertainBelow: 0.3,
  voiceHeads: false,
});

/**
 * A fake tfjs: which backend is current, which models are loaded and let go, and what a load of a backend
 * does (fails, or waits for the test to let it finish).
 */
function fakeTfjs() {
  const state = { backend: 'none' as string, live: [] as string[], disposed: [] as string[], busy: false, log: [] as string[] };
  const failing = new Map<BackendName, string>();
  let made = 0;
  const backend: EngineBackend<string> = {
    async load(backends) {
      const name = backends[0];
      state.log.push(`load ${name} (live: ${state.live.join(',')})`);
      state.backend = name;
      await Promise.resolve();
      const why = failing.get(name);
      if (why) throw new Error(why);
      const model = `${name}#${++made}`;
      state.live.push(model);
      return { model, info: info(name) };
    },
    async restore(current) {
      state.backend = current.info.backend;
    },
    dispose(model) {
      state.disposed.push(model);
      state.live = state.live.filter((m) => m !== model);
    },
    busy: () => state.busy,
  };
  return { state, failing, engine: new AnalysisEngine(backend) };
}

describe('AnalysisEngine', () => {
  it('loads a first model, and uses fail plainly before it', async () => {
    const { engine } = fakeTfjs();
    expect(engine.state.phase).toBe('empty');
    expect(() => engine.require()).toThrow('The model is not loaded');
    const loading = engine.load(['webgl']);
    expect(engine.state.phase).toBe('loading');
    expect((await loading).model).toBe('webgl#1');
    expect(engine.state.phase).toBe('ready');
    expect((await engine.use()).model).toBe('webgl#1');
  });

  it('lets the old model go only after the new one has loaded, and runs loads one after another', async () => {
    const { engine, state } = fakeTfjs();
    await engine.load(['webgl']);
    const [a, b] = [engine.load(['wasm']), engine.load(['cpu'])];
    await Promise.all([a, b]);
    expect(state.log).toEqual(['load webgl (live: )', 'load wasm (live: webgl#1)', 'load cpu (live: wasm#2)']);
    expect(state.disposed).toEqual(['webgl#1', 'wasm#2']);
    expect(engine.require().model).toBe('cpu#3');
  });

  it('a first load that fails leaves it empty, and a later one can still succeed', async () => {
    const { engine, failing } = fakeTfjs();
    failing.set('webgl', 'no GPU');
    await expect(engine.load(['webgl'])).rejects.toThrow('no GPU');
    expect(engine.state.phase).toBe('empty');
    failing.clear();
    await engine.load(['webgl']);
    expect(engine.state.phase).toBe('ready');
  });

  it('makes a move at the next use, not under a running one, and tells the page', async () => {
    const { engine, state } = fakeTfjs();
    const told: ModelInfo[] = [];
    await engine.load(['webgl'], (next) => told.push(next));
    state.busy = true;
    engine.requestMove({ backends: ['wasm', 'cpu'], notes: ['webgl: slower here'], broken: false });
    expect((await engine.use()).model).toBe('webgl#1');
    expect(engine.state.pending?.backends).toEqual(['wasm', 'cpu']);
    state.busy = false;
    expect((await engine.use()).model).toBe('wasm#2');
    expect(told.map((t) => [t.backend, t.skippedBackends])).toEqual([['wasm', ['webgl: slower here']]]);
    expect(engine.state.pending).toBeUndefined();
  });

  it('a move that fails keeps the old model where it was, in use, and reports why', async () => {
    const { engine, state, failing } = fakeTfjs();
    const told: ModelInfo[] = [];
    await engine.load(['webgl'], (next) => told.push(next));
    failing.set('wasm', 'The wasm backend failed to start');
    engine.requestMove({ backends: ['wasm'], notes: ['webgl: slower here'], broken: false });
    const used = await engine.use();
    expect(used.model).toBe('webgl#1');
    expect(state.backend).toBe('webgl');
    expect(state.disposed).toEqual([]);
    expect(engine.state.phase).toBe('ready');
    expect(told).toHaveLength(1);
    expect(told[0].backend).toBe('webgl');
    expect(told[0].skippedBackends).toEqual(['webgl: slower here', 'wasm: the move failed (The wasm backend failed to start); the model stays on webgl']);
    // What the page was told is what the engine holds.
    expect(engine.state.info).toEqual(told[0]);
  });

  it('moves a broken model at once, even while it is in use', async () => {
    const { engine, state } = fakeTfjs();
    await engine.load(['webgl']);
    state.busy = true;
    engine.requestMove({ backends: ['wasm', 'cpu'], notes: ['webgl: the context was lost during use'], broken: true });
    // A faster backend found meanwhile does not replace the move away from a broken one.
    engine.requestMove({ backends: ['cpu'], notes: ['found faster'], broken: false });
    expect((await engine.use()).model).toBe('wasm#2');
  });

  it('a broken model whose move fails makes every use say why, until a load succeeds', async () => {
    const { engine, failing } = fakeTfjs();
    await engine.load(['webgl']);
    failing.set('wasm', 'no wasm');
    engine.requestMove({ backends: ['wasm'], notes: ['webgl: the context was lost during use'], broken: true });
    await expect(engine.use()).rejects.toThrow('no wasm');
    expect(engine.state.phase).toBe('broken');
    const error = (() => {
      try {
        engine.require();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('ModelUnavailableError');
    expect(error?.message).toMatch(/stopped working \(webgl: the context was lost during use; wasm: the move failed \(no wasm\)\)/);
    await expect(engine.use()).rejects.toThrow(/stopped working/);
    failing.clear();
    await engine.load(['wasm']);
    expect(engine.state.phase).toBe('ready');
    expect((await engine.use()).model).toBe('wasm#2');
  });

  it('uses during a move wait for it and get the new model', async () => {
    const { engine } = fakeTfjs();
    await engine.load(['webgl']);
    engine.requestMove({ backends: ['wasm'], notes: [], broken: false });
    const [a, b] = await Promise.all([engine.use(), engine.use()]);
    expect([a.model, b.model]).toEqual(['wasm#2', 'wasm#2']);
  });
});
