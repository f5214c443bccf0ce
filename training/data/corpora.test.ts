import { describe, expect, it } from 'vitest';
import { readClipName } from './corpora';

function clip(path: string) {
  const reading = readClipName(path);
  if (!reading || !('clip' in reading)) throw new Error(`no clip for ${path}: ${JSON.stringify(reading)}`);
  return reading.clip;
}

describe('corpus file names', () => {
  it('reads RAVDESS: emotion code, calm as neutral, odd actors male', () => {
    expect(clip('Actor_01/03-01-05-02-01-01-01.flac')).toMatchObject({
      corpus: 'ravdess',
      emotion: 'angry',
      gender: 'male',
      speaker: 'ravdess:01',
      group: 'ravdess:01',
    });
    expect(clip('Actor_12/03-01-02-01-02-02-12.wav')).toMatchObject({ emotion: 'neutral', gender: 'female' });
    expect(clip('x/03-01-08-01-01-01-20.wav')).toMatchObject({ emotion: 'surprise', gender: 'female' });
    expect(readClipName('Actor_01/03-02-05-02-01-01-01.wav')).toEqual({
      skipped: 'RAVDESS 03-02 is not audio-only speech',
    });
  });

  it('reads TESS from the folder, grouping by word', () => {
    expect(clip('tess/OAF_Pleasant_surprise/OAF_bath_ps.wav')).toMatchObject({
      corpus: 'tess',
      emotion: 'surprise',
      gender: 'female',
      speaker: 'tess:OAF',
      group: 'tess:word:bath',
    });
    // The real corpus has one file without the F of its speaker prefix.
    expect(clip('OAF_neutral/OA_bite_neutral.flac')).toMatchObject({ emotion: 'neutral', group: 'tess:word:bite' });
    expect(clip('YAF_fear/YAF_back_fear.wav')).toMatchObject({ emotion: 'fear', speaker: 'tess:YAF' });
  });

  it('reads SAVEE nested and flattened, all male', () => {
    expect(clip('savee/JK/sa03.flac')).toMatchObject({ corpus: 'savee', emotion: 'sad', gender: 'male', speaker: 'savee:JK' });
    expect(clip('ALL/KL_su15.wav')).toMatchObject({ emotion: 'surprise', speaker: 'savee:KL' });
    expect(clip('DC/n30.wav')).toMatchObject({ emotion: 'neutral' });
    expect(readClipName('XY/a01.wav')).toBeNull();
  });

  it('reads CREMA-D names with gender from the actor id', () => {
    expect(clip('AudioWAV/1001_DFA_ANG_XX.wav')).toMatchObject({
      corpus: 'cremad',
      emotion: 'angry',
      gender: 'male',
      speaker: 'cremad:1001',
    });
    expect(clip('1002_IEO_SAD_HI.wav')).toMatchObject({ emotion: 'sad', gender: 'female' });
    expect(clip('1091_TSI_NEU_XX.mp3')).toMatchObject({ emotion: 'neutral', gender: 'female' });
    expect(clip('1090_WSI_FEA_LO.wav')).toMatchObject({ emotion: 'fear', gender: 'male' });
    expect(readClipName('1092_DFA_ANG_XX.wav')).toBeNull();
  });

  it('has 43 female and 48 male CREMA-D actors', () => {
    const genders = Array.from({ length: 91 }, (_, i) => clip(`${1001 + i}_DFA_HAP_XX.wav`).gender);
    expect(genders.filter((g) => g === 'female')).toHaveLength(43);
    expect(genders.filter((g) => g === 'male')).toHaveLength(48);
  });

  it('reads nEMO names with gender from the actor id, and no other speaker ids', () => {
    expect(clip('nemo/samples/EB0_anger_1.opus')).toMatchObject({
      corpus: 'nemo',
      emotion: 'angry',
      gender: 'female',
      speaker: 'nemo:EB0',
      group: 'nemo:EB0',
    });
    expect(clip('samples/WR0_surprised_64.wav')).toMatchObject({ emotion: 'surprise', gender: 'male' });
    expect(clip('MP0_happiness_3.opus')).toMatchObject({ emotion: 'happy', gender: 'male' });
    expect(clip('KD0_sadness_12.opus')).toMatchObject({ emotion: 'sad', gender: 'female' });
    expect(clip('SM0_fear_7.opus')).toMatchObject({ emotion: 'fear' });
    expect(clip('IC0_neutral_40.opus')).toMatchObject({ emotion: 'neutral' });
    expect(readClipName('XX0_anger_1.opus')).toBeNull();
    expect(readClipName('EB0_disgust_1.opus')).toBeNull();
  });

  it('ignores names of no known layout', () => {
    expect(readClipName('music/song.mp3')).toBeNull();
  });
});
