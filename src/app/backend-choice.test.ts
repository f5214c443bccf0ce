import { describe, expect, it } from 'vitest';
import { planBackends, raceResult } from './backend-choice';

describe('planBackends', () => {
  it('starts a first visit on wasm and times WebGL beside it', () => {
    expect(planBackends({ wanted: null, remembered: null, webgl: true })).toEqual({ order: ['wasm', 'cpu'], probe: 'webgl' });
  });

  it('times nothing where the page has no WebGL', () => {
    expect(planBackends({ wanted: null, remembered: null, webgl: false })).toEqual({ order: ['wasm', 'cpu'] });
  });

  it('starts on the remembered winner, WebGL included, without timing again', () => {
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
    expect(planBackends({ wanted: 'webgpu', remembered: 'gpu', webgl: true })).toEqual({ order: ['wasm', 'cpu'], probe: 'webgl' });
  });
});

describe('raceResult', () => {
  it('keeps the running backend when the timed one is slower, and says by how much', () => {
    expect(raceResult({ backend: 'wasm', ms: 9.3 }, { backend: 'webgl', ms: 100.4 })).toEqual({
      fastest: 'wasm',
      note: 'webgl: slower here (100 ms vs 9 ms per window on wasm)',
    });
  });

  it('picks the timed backend when it is faster', () => {
    expect(raceResult({ backend: 'wasm', ms: 9 }, { backend: 'webgl', ms: 4 })).toEqual({ fastest: 'webgl' });
  });
});
