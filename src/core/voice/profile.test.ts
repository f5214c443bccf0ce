import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../config';
import type { ModelMetadata } from '../model';
import { createVoiceProfile, modelTie, parseVoiceProfile } from './profile';

const meta = { trainedAt: '2026-11-26T17:25:25.135Z', codeVersion: 'a299dd8', featureConfig: FEATURE_CONFIG } as ModelMetadata;

describe('voice profiles', () => {
  const made = createVoiceProfile("Anna's voice", modelTie(meta), 'id-1', new Date('2026-12-01T10:00:00Z'));

  it('round-trips through JSON, as an exported file does', () => {
    expect(parseVoiceProfile(JSON.parse(JSON.stringify(made)), meta)).toEqual(made);
  });

  it('refuses what is not a profile, a damaged one and one of another model, each with its own message', () => {
    expect(() => parseVoiceProfile({ hello: 1 }, meta)).toThrow(/Not a voice profile/);
    expect(() => parseVoiceProfile('text', meta)).toThrow(/Not a voice profile/);
    expect(() => parseVoiceProfile({ ...made, clips: [{ emotion: 'bored' }] }, meta)).toThrow(/damaged \(clips\.0\./);
    expect(() => parseVoiceProfile({ ...made, name: '  ' }, meta)).toThrow(/damaged \(name/);
    const newer = { ...meta, trainedAt: '2027-01-05T00:00:00.000Z', codeVersion: 'bbbbbbb' };
    expect(() => parseVoiceProfile(made, newer)).toThrow(
      `The voice profile "Anna's voice" was made for the model of 2026-11-26 (a299dd8); this app runs the model of 2027-01-05 (bbbbbbb). Make the profile again`,
    );
  });

  it("refuses a profile made before the model's voice heads were fitted again (they read other statistics)", () => {
    const refitted = { ...meta, voice: { fittedAt: '2026-12-03T08:00:00.000Z' } } as ModelMetadata;
    expect(() => parseVoiceProfile(made, refitted)).toThrow(
      `made for this model's earlier way of reading a voice (fitted before); it now reads voices another way (fitted on 2026-12-03). Make the profile again`,
    );
    const current = createVoiceProfile('Anna', modelTie(refitted), 'id-2');
    expect(parseVoiceProfile(current, refitted).model.voiceFittedAt).toBe('2026-12-03T08:00:00.000Z');
  });
});
