import { describe, expect, it } from 'vitest';
import type { FileItem } from './files';
import { isWriting, loadRecordings, newRecordingKey, saveRecordings } from './persist';

const failed = (name: string): FileItem => ({ id: 1, key: newRecordingKey(), name, source: 'file', status: 'error', error: 'Not an audio file', progress: 1 });

describe('saveRecordings in IndexedDB', () => {
  it('says it is writing until a change is kept, so that the page can ask before it is closed', async () => {
    const item = failed('kept.wav');
    expect(isWriting()).toBe(false);
    const saving = saveRecordings([item]);
    expect(isWriting()).toBe(true);
    await saving;
    expect(isWriting()).toBe(false);
    expect((await loadRecordings()).map((r) => r.name)).toContain('kept.wav');

    const removing = saveRecordings([]);
    expect(isWriting()).toBe(true);
    await removing;
    expect(isWriting()).toBe(false);
    expect((await loadRecordings()).map((r) => r.name)).not.toContain('kept.wav');
  });
});
