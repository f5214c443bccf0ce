import { useFiles } from './files';
import { useLive } from './live';
import { isWriting } from './persist';

/** Work that closing the page now would lose: recordings still in analysis, a live session, a change being kept. */
export function hasUnsavedWork(): boolean {
  const analysing = useFiles.getState().items.some((item) => item.status === 'queued' || item.status === 'processing');
  const { status } = useLive.getState();
  return analysing || (status !== 'idle' && status !== 'error') || isWriting();
}
