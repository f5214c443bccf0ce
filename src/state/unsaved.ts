import { useFiles } from './files';
import { useLive } from './live';

/** What closing or reloading the page now would lose: a live session, recordings in analysis, a change being kept. */
export type UnsavedWork = 'recording' | 'analysing' | 'keeping';

function unsavedWork(items: readonly { status: string }[], writing: number, liveStatus: string): UnsavedWork | undefined {
  if (liveStatus !== 'idle' && liveStatus !== 'error') return 'recording';
  if (items.some((item) => item.status === 'queued' || item.status === 'processing')) return 'analysing';
  return writing > 0 ? 'keeping' : undefined;
}

/** The unsaved work at this moment (for the page's beforeunload). */
export const unsavedWorkNow = () => unsavedWork(useFiles.getState().items, useFiles.getState().writing, useLive.getState().status);

/** The unsaved work, re-rendering as it changes (for the update prompt, which must not reload over it). */
export function useUnsavedWork(): UnsavedWork | undefined {
  const items = useFiles((s) => s.items);
  const writing = useFiles((s) => s.writing);
  const liveStatus = useLive((s) => s.status);
  return unsavedWork(items, writing, liveStatus);
}
