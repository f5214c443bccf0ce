import { parse } from 'csv-parse/browser/esm/sync';
import { describe, expect, it } from 'vitest';
import { summarize } from './classify';
import { type ClipRecord, clipsCsv, resultsJson, windowsCsv } from './export';
import { CLASS_LABELS } from './labels';

/** A window whose probability sits mostly on one class. */
function window(start: number, label: string, p: number) {
  const probs = new Float32Array(CLASS_LABELS.length).fill((1 - p) / (CLASS_LABELS.length - 1));
  probs[CLASS_LABELS.indexOf(label)] = p;
  return { start, end: start + 3, probs };
}

const records: ClipRecord[] = [
  { file: 'a "quoted", name.wav', status: 'done', duration: 5.5, result: summarize([window(0, 'female_angry', 0.9), window(1, 'female_angry', 0.3)]) },
  { file: 'noise.wav', status: 'no-speech', error: 'No speech found: the recording holds sound (noise, music or tones) but no voice' },
  { file: 'anna.wav', status: 'done', duration: 3, result: summarize([window(0, 'female_sad', 0.8)]), voiceProfile: 'Anna' },
];

describe('clipsCsv', () => {
  it('writes one row per recording, quoting what needs it, with the answer the page shows', () => {
    const rows = parse(clipsCsv(records, 0.5), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ file: 'a "quoted", name.wav', status: 'done', duration_s: '5.50', emotion: 'angry', gender: 'female' });
    expect(Number(rows[0].p_angry)).toBeCloseTo(0.6 + 0.4 / 13, 3);
    expect(rows[1]).toMatchObject({ file: 'noise.wav', status: 'no-speech', emotion: '', p_angry: '' });
    expect(rows[1].error).toContain('No speech found');
    // Which voice profile read it: none for the general model.
    expect(rows.map((r) => r.voice_profile)).toEqual(['', '', 'Anna']);
  });

  it('says "uncertain" when the top probability is under the threshold', () => {
    const rows = parse(clipsCsv(records, 0.99), { columns: true }) as Record<string, string>[];
    expect(rows[0].emotion).toBe('uncertain');
  });
});

describe('windowsCsv', () => {
  it('writes one row per window with its times and seven named probabilities', () => {
    const rows = parse(windowsCsv(records, 0.5), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.start_s, r.end_s, r.emotion])).toEqual([
      ['0.00', '3.00', 'angry'],
      ['1.00', '4.00', 'uncertain'],
      ['0.00', '3.00', 'sad'],
    ]);
    expect(Object.keys(rows[0]).filter((k) => k.startsWith('p_'))).toEqual([
      'p_angry',
      'p_disgust',
      'p_fear',
      'p_happy',
      'p_neutral',
      'p_sad',
      'p_surprise',
      'p_female',
    ]);
  });
});

describe('resultsJson', () => {
  it('names every field and says which app, model and features made it', () => {
    const provenance = {
      app: 'Emotion Lens 0.1.0+abc',
      model: 'lstm+cnn',
      featureConfigVersion: 1,
      uncertainBelow: 0.5,
      exportedAt: '2026-11-25T00:00:00.000Z',
    };
    const json = JSON.parse(resultsJson(records, provenance));
    expect(json).toMatchObject(provenance);
    expect(json.recordings[0].windows[0]).toMatchObject({ startSeconds: 0, endSeconds: 3 });
    expect(json.recordings[0].windows[0].emotions.angry).toBeCloseTo(0.9 + 0.1 / 13, 5);
    expect(json.recordings[0].windows[0].gender.female).toBeGreaterThan(0.9);
    expect(json.recordings[1]).toEqual({ file: 'noise.wav', status: 'no-speech', error: records[1].error });
    expect(json.recordings[0].voiceProfile).toBeUndefined();
    expect(json.recordings[2]).toMatchObject({ file: 'anna.wav', voiceProfile: 'Anna', emotion: 'sad' });
  });
});
