import { describe, expect, it } from 'vitest';
import type { Emotion } from '../core/labels';
import { TEACH_SENTENCES, clipsOf, nextPrompt } from './voice-teaching';

const clips = (...emotions: Emotion[]) => ({ clips: emotions.map((emotion) => ({ emotion })) }) as Parameters<typeof nextPrompt>[0];

describe('teaching prompts', () => {
  it('asks for the emotion with the fewest clips, in order, until each has k', () => {
    expect(nextPrompt(clips(), 2)).toEqual({ emotion: 'angry', sentence: TEACH_SENTENCES[0] });
    expect(nextPrompt(clips('angry'), 2)?.emotion).toBe('disgust');
    const round = clips('angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise');
    expect(nextPrompt(round, 1)).toBeNull();
    expect(nextPrompt(round, 2)).toEqual({ emotion: 'angry', sentence: TEACH_SENTENCES[7 % TEACH_SENTENCES.length] });
    // Clips relabelled out of order: the one still missing comes first.
    expect(nextPrompt(clips('sad', 'sad', 'angry', 'angry', 'fear', 'fear', 'happy', 'happy', 'neutral', 'neutral', 'surprise', 'surprise'), 2)?.emotion).toBe(
      'disgust',
    );
    expect(clipsOf(round, 'sad')).toBe(1);
    expect(clipsOf(undefined, 'sad')).toBe(0);
  });
});
