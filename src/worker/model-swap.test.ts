import { describe, expect, it } from 'vitest';
import { replaceModel } from './model-swap';

/** A fake engine: which model is in use, on which backend, and which were let go. */
function fakeEngine() {
  const state = { backend: 'webgl', disposed: [] as string[] };
  const hooks = {
    restore: async () => {
      state.backend = 'webgl';
    },
    dispose: (model: string) => state.disposed.push(model),
  };
  return { state, hooks };
}

describe('replaceModel', () => {
  it('lets the old model go only after the new one has loaded', async () => {
    const { state, hooks } = fakeEngine();
    const order: string[] = [];
    const next = await replaceModel(
      'old',
      async () => {
        state.backend = 'wasm';
        order.push(`loaded while disposed=${state.disposed.length}`);
        return 'new';
      },
      { ...hooks, dispose: (m) => (order.push(`dispose ${m}`), hooks.dispose(m)) },
    );
    expect(next).toBe('new');
    expect(order).toEqual(['loaded while disposed=0', 'dispose old']);
    expect(state).toEqual({ backend: 'wasm', disposed: ['old'] });
  });

  it('keeps the old model and its backend when the new one fails to load, and says why', async () => {
    const { state, hooks } = fakeEngine();
    const move = replaceModel(
      'old',
      async () => {
        state.backend = 'wasm';
        throw new Error('The wasm backend failed to start');
      },
      hooks,
    );
    await expect(move).rejects.toThrow('The wasm backend failed to start');
    expect(state).toEqual({ backend: 'webgl', disposed: [] });
  });

  it('has nothing to restore or let go on a first load', async () => {
    const { state, hooks } = fakeEngine();
    state.backend = 'none';
    await expect(replaceModel<string>(undefined, () => Promise.reject(new Error('no backend')), hooks)).rejects.toThrow('no backend');
    expect(state).toEqual({ backend: 'none', disposed: [] });
    expect(await replaceModel<string>(undefined, async () => 'first', hooks)).toBe('first');
    expect(state.disposed).toEqual([]);
  });
});
