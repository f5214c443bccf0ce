import { createStore, del, entries, get, set } from 'idb-keyval';
import { z } from 'zod';
import { summarize } from '../core/classify';
import { hasOutcome } from './file-status';
import type { FileItem } from './files-store';

/**
 * Finished recordings kept in this browser's IndexedDB, so that they survive a reload until the user
 * removes them. Only what cannot be recomputed is stored: the audio (for playback) and the windows. Each
 * recording is its own entry, written once when it finishes and deleted when removed: a list under one key
 * would copy every kept file's audio again on each change.
 */
const store = createStore('emotion-lens-recordings', 'recordings');
/** Where the first versions kept all recordings as one list (moved into `store` on the first load). */
const LEGACY_KEY = 'emotion-lens/recordings/v1';

const recordSchema = z.object({
  /** When it was kept (ms since the epoch): the kept recordings come back in that order. */
  keptAt: z.number().default(0),
  name: z.string(),
  source: z.enum(['file', 'live']),
  audio: z.instanceof(Blob).optional(),
  status: z.enum(['done', 'no-speech', 'error']),
  error: z.string().optional(),
  analysis: z
    .object({
      duration: z.number(),
      sampleRate: z.number(),
      voiceProfile: z.string().optional(),
      channels: z.number(),
      windows: z
        .array(
          z.object({
            start: z.number(),
            end: z.number(),
            probs: z.custom<Float32Array>((v) => v instanceof Float32Array),
            speech: z.object({ start: z.number(), end: z.number() }).optional(),
          }),
        )
        .min(1),
    })
    .optional(),
});

type StoredRecording = z.infer<typeof recordSchema>;

/** A key for a new recording's entry (`crypto.randomUUID` exists only on secure origins, not on a LAN's http). */
export const newRecordingKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** The entries this page has written or read back, by the item key they belong to. */
const kept = new Set<string>();

function recordOf(item: FileItem): StoredRecording {
  return {
    keptAt: Date.now(),
    name: item.name,
    source: item.source,
    audio: item.audio,
    status: item.status as StoredRecording['status'],
    error: item.error,
    analysis: item.analysis && {
      duration: item.analysis.duration,
      sampleRate: item.analysis.sampleRate,
      channels: item.analysis.channels,
      voiceProfile: item.analysis.voiceProfile,
      windows: item.analysis.result.windows,
    },
  };
}

/**
 * Brings the kept entries in line with the finished recordings (done or failed): writes the new ones and
 * deletes the removed ones. One in the queue or under way is not kept.
 */
export async function saveRecordings(items: readonly FileItem[]): Promise<void> {
  const finished = items.filter((item) => hasOutcome(item.status));
  const current = new Set(finished.map((item) => item.key));
  const writes = finished
    .filter((item) => !kept.has(item.key))
    .map(async (item) => {
      kept.add(item.key);
      // A failed write (say, the browser's storage is full) is tried again on the next change.
      await set(item.key, recordOf(item), store).catch((error: unknown) => {
        kept.delete(item.key);
        throw error;
      });
    });
  const deletes = [...kept]
    .filter((key) => !current.has(key))
    .map((key) => {
      kept.delete(key);
      return del(key, store);
    });
  const failed = (await Promise.allSettled([...writes, ...deletes])).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Moves the first versions' single list into one entry per recording. */
async function migrate(): Promise<void> {
  const legacy: unknown = await get(LEGACY_KEY);
  if (!Array.isArray(legacy)) return;
  await Promise.all(legacy.map((record: unknown, i) => set(newRecordingKey(), { ...(record as object), keptAt: i }, store)));
  await del(LEGACY_KEY);
}

/** The kept recordings in the order they were kept, ids unset; an entry this version cannot read is left out, not fatal. */
export async function loadRecordings(): Promise<Omit<FileItem, 'id'>[]> {
  await migrate();
  const parsed = (await entries<string, unknown>(store)).flatMap(([key, value]) => {
    const record = recordSchema.safeParse(value);
    return record.success ? [{ key, record: record.data }] : [];
  });
  parsed.sort((a, b) => a.record.keptAt - b.record.keptAt);
  return parsed.map(({ key, record }) => {
    kept.add(key);
    const { analysis, keptAt: _, ...rest } = record;
    return {
      ...rest,
      key,
      progress: 1,
      analysis: analysis && {
        duration: analysis.duration,
        sampleRate: analysis.sampleRate,
        channels: analysis.channels,
        voiceProfile: analysis.voiceProfile,
        result: summarize(analysis.windows),
      },
    };
  });
}
