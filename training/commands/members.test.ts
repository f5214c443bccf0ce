import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../../src/core/config';
import { FRONT_ENDS } from '../recipe';
import { memberArgs } from './members';
import type { TrainingOptions } from '../pipeline/options';

const options: TrainingOptions = {
  data: '/data',
  batchSize: 64,
  lr: 1e-3,
  copies: 2,
  seed: 7,
  jobs: 2,
  split: 'split.json',
  runs: 'runs',
  cache: 'cache',
  refit: true,
  frontEnd: 'shipped',
  config: FEATURE_CONFIG,
};

/** The value after `flag` on a command line, or undefined without the flag. */
const valueOf = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe('memberArgs', () => {
  it("passes the corpora and their shares on, so that a member trains on this run's data", () => {
    const args = memberArgs('tdnn', { ...options, corpora: ['ravdess', 'nemo'], share: { nemo: 0.25, ravdess: 1 } });
    expect(valueOf(args, '--corpora')).toBe('ravdess,nemo');
    expect(valueOf(args, '--share')).toBe('nemo=0.25,ravdess=1');
  });

  it('leaves out what the run did not set, and trains one member on one thread', () => {
    const args = memberArgs('lstm', options);
    expect(args).not.toContain('--share');
    expect(args).not.toContain('--corpora');
    expect(valueOf(args, '--jobs')).toBe('1');
    expect(args).toContain('--refit');
    expect(args).not.toContain('--crops');
    expect(args).not.toContain('--band-limit');
  });

  it('passes the front end, the crops, the band-limited share and the loss on, so that a member trains as this run would', () => {
    const args = memberArgs('cnn', { ...options, frontEnd: 'speech', config: FRONT_ENDS.speech, crops: true, bandLimit: 0.25, loss: 'focal' });
    expect(valueOf(args, '--loss')).toBe('focal');
    expect(valueOf(args, '--front-end')).toBe('speech');
    expect(args).toContain('--crops');
    expect(valueOf(args, '--band-limit')).toBe('0.25');
  });
});
