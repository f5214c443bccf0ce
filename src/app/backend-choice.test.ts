import { describe, expect, it } from 'vitest';
import { planBackends, raceResult } from './backend-choice';

describe('planBackends', () => {
  it('starts a first visit on wasm and races WebGL against it in the background', () => {
    expect(planBackends({ wanted: null, remembered: null, webgl: true })).toEqual({ order: ['wasm', 'cpu'], race: ['webgl', 'wasm'] });
  });

  it('races nothing where the page has no WebGL', () => {
    expect(planBackends({ wanted: null, remembered: null, webgl: false })).toEqual({ order: ['wasm', 'cpu'] });
  });

  it('starts on the remembered winner, WebGL included, without racing again', () => {
    expect(planBackends({ wanted: null, remembered: 'webgl', webgl: true })).toEqual({ order: ['webgl', 'wasm', 'cpu'] });
    expect(planBackends({ wanted: null, remembered: 'wasm', webgl: true })).toEqual({ order: ['wasm', 'cpu'] });
  });

  it('drops a remembered WebGL the page no longer has', () => {
    expect(planBackends({ wanted: null, remembered: 'webgl', webgl: false })).toEqual({ order: ['wasm', 'cpu'] });
  });

  it('tries an asked-for backend first, over a remembered one', () => {
    expect(planBackends({ wanted: 'cpu', remembered: 'webgl', webgl: true })).toEqual({ order: ['cpu'] });
    expect(planBackends({ wanted: 'webgl', remembered: 'wasm', webgl: true })).toEqual({ order: ['webgl', 'wasm', 'cpu'] });
  });

  it('ignores names it does not know', () => {
    expect(planBackends({ wanted: 'webgpu', remembered: 'gpu', webgl: true })).toEqual({ order: ['wasm', 'cpu'], race: ['webgl', 'wasm'] });
  });
});

describe('raceResult', () => {
  it('picks the fastest and says by how much each other was slower', () => {
    expect(
      raceResult([
        { backend: 'webgl', ms: 100.4 },
        { backend: 'wasm', ms: 9.3 },
      ]),
    ).toEqual({
      fastest: 'wasm',
      notes: ['webgl: slower here (100 ms vs 9 ms per window on wasm)'],
    });
    expect(
      raceResult([
        { backend: 'webgl', ms: 4 },
        { backend: 'wasm', ms: 9 },
      ]),
    ).toEqual({
      fastest: 'webgl',
      notes: ['wasm: slower here (9 ms vs 4 ms per window on webgl)'],
    });
  });

  it('says why a backend could not run, and picks among those that did', () => {
    expect(
      raceResult([
        { backend: 'webgl', error: 'The webgl backend failed to start' },
        { backend: 'wasm', ms: 9 },
      ]),
    ).toEqual({
      fastest: 'wasm',
      notes: ['webgl: The webgl backend failed to start'],
    });
    expect(raceResult([{ backend: 'webgl', error: 'lost' }])).toEqual({ fastest: undefined, notes: ['webgl: lost'] });
  });
});
