import { describe, expect, it } from 'vitest';
import type { Clip } from './corpora';
import { leftOutByShare } from './share';

/** `perSpeaker` clips for each of `speakers` speakers of a corpus. */
function clipsOf(corpus: string, speakers: number, perSpeaker: number): Clip[] {
  return Array.from({ length: speakers * perSpeaker }, (_, i) => {
    const speaker = `${corpus}:${Math.floor(i / perSpeaker)}`;
    return { path: `${corpus}/${i}.wav`, corpus, emotion: 'angry', gender: 'female', speaker, group: speaker };
  });
}

describe('leftOutByShare', () => {
  const clips = [...clipsOf('nemo', 3, 40), ...clipsOf('ravdess', 2, 10)];
  const all = clips.map((_, i) => i);

  it("leaves out a share of each speaker's clips of the named corpus only", () => {
    const left = leftOutByShare(clips, all, { nemo: 0.25 }, 7);
    expect(left.size).toBe(90);
    for (let s = 0; s < 3; s++) {
      const kept = clips.filter((c, i) => c.speaker === `nemo:${s}` && !left.has(i));
      expect(kept).toHaveLength(10);
    }
    expect(clips.filter((c, i) => c.corpus === 'ravdess' && left.has(i))).toHaveLength(0);
  });

  it('touches only the clips it is told are in training', () => {
    const training = all.filter((i) => clips[i].speaker !== 'nemo:0');
    const left = leftOutByShare(clips, training, { nemo: 0.5 }, 7);
    expect([...left].some((i) => clips[i].speaker === 'nemo:0')).toBe(false);
    expect(left.size).toBe(40);
  });

  it('is fixed by the seed, and another seed draws other clips', () => {
    const a = leftOutByShare(clips, all, { nemo: 0.5 }, 7);
    expect([...leftOutByShare(clips, all, { nemo: 0.5 }, 7)]).toEqual([...a]);
    expect([...leftOutByShare(clips, all, { nemo: 0.5 }, 8)].sort()).not.toEqual([...a].sort());
  });

  it('leaves everything in with a share of 1 or no shares', () => {
    expect(leftOutByShare(clips, all, { nemo: 1 }, 7).size).toBe(0);
    expect(leftOutByShare(clips, all, {}, 7).size).toBe(0);
  });
});
