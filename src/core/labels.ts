/** The label space shared by the trainer, the evaluator and the app. */

export const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** The model's 14 output classes, gender-major: `female_angry` ... `male_surprise`. */
export const CLASS_LABELS: readonly string[] = GENDERS.flatMap((g) => EMOTIONS.map((e) => `${g}_${e}`));

export function classIndex(gender: Gender, emotion: Emotion): number {
  return GENDERS.indexOf(gender) * EMOTIONS.length + EMOTIONS.indexOf(emotion);
}

export function classOf(index: number): { gender: Gender; emotion: Emotion } {
  return { gender: GENDERS[Math.floor(index / EMOTIONS.length)], emotion: EMOTIONS[index % EMOTIONS.length] };
}

const SYNONYMS: Record<string, Emotion> = {
  anger: 'angry',
  ang: 'angry',
  disgusted: 'disgust',
  dis: 'disgust',
  fearful: 'fear',
  fea: 'fear',
  happiness: 'happy',
  hap: 'happy',
  calm: 'neutral',
  neu: 'neutral',
  sadness: 'sad',
  surprised: 'surprise',
  ps: 'surprise',
  pleasant_surprise: 'surprise',
  pleasant_surprised: 'surprise',
};

/** Maps the many spellings in corpora and manifests to our emotions; undefined for any other label. */
export function parseEmotion(label: string): Emotion | undefined {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (EMOTIONS as readonly string[]).includes(key) ? (key as Emotion) : SYNONYMS[key];
}

export function parseGender(label: string): Gender | undefined {
  const key = label.trim().toLowerCase();
  if (['f', 'female', 'woman'].includes(key)) return 'female';
  if (['m', 'male', 'man'].includes(key)) return 'male';
  return undefined;
}

/** Per-emotion probabilities: each emotion's two gendered classes summed. */
export function emotionProbabilities(classProbs: ArrayLike<number>): Record<Emotion, number> {
  const out = {} as Record<Emotion, number>;
  EMOTIONS.forEach((e) => {
    out[e] = GENDERS.reduce((sum, g) => sum + classProbs[classIndex(g, e)], 0);
  });
  return out;
}

/** Per-gender probabilities: each gender's seven classes summed. */
export function genderProbabilities(classProbs: ArrayLike<number>): Record<Gender, number> {
  const out = {} as Record<Gender, number>;
  GENDERS.forEach((g) => {
    out[g] = EMOTIONS.reduce((sum, e) => sum + classProbs[classIndex(g, e)], 0);
  });
  return out;
}

export function argmaxKey<K extends string>(values: Record<K, number>): K {
  return (Object.keys(values) as K[]).reduce((best, k) => (values[k] > values[best] ? k : best));
}
