import { get, set } from 'idb-keyval';
import { z } from 'zod';
import { summarize } from '../core/classify';
import type { FileItem } from './files';

/**
 * Finished recordings kept in this browser's IndexedDB, so that they survive a reload until the user
 * removes them. Only what cannot be recomputed is stored: the audio (for playback) and the windows.
 */
const KEY = 'emotion-lens/recordings/v1';

const recordSchema = z.object({
  name: z.string(),
  source: z.enum(['file', 'live']),
  audio: z.instanceof(Blob).optional(),
  status: z.enum(['done', 'error']),
  error: z.string().optional(),
  analysis: z
    .object({
      duration: z.number(),
      sampleRate: z.number(),
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

/** Keeps the finished recordings (done or failed); one in the queue or under way is not kept. */
export async function saveRecordings(items: readonly FileItem[]): Promise<void> {
  const records: StoredRecording[] = items.flatMap((item) =>
    item.status === 'done' || item.status === 'error'
      ? [
          {
            name: item.name,
            source: item.source,
            audio: item.audio,
            status: item.status,
            error: item.error,
            analysis: item.analysis && {
              duration: item.analysis.duration,
              sampleRate: item.analysis.sampleRate,
              channels: item.analysis.channels,
              windows: item.analysis.result.windows,
            },
          },
        ]
      : [],
  );
  await set(KEY, records);
}

/** The kept recordings, ids unset; a record this version cannot read is left out, not fatal. */
export async function loadRecordings(): Promise<Omit<FileItem, 'id'>[]> {
  const stored: unknown = await get(KEY);
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((value) => {
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) return [];
    const { analysis, ...rest } = parsed.data;
    return [
      {
        ...rest,
        progress: 1,
        analysis: analysis && { duration: analysis.duration, sampleRate: analysis.sampleRate, channels: analysis.channels, result: summarize(analysis.windows) },
      },
    ];
  });
}
