/**
 * Replaces the loaded model with one that `load` makes (on another backend, say), so that a failure leaves
 * the worker no worse: the current model is let go only once its replacement works, and when `load` fails
 * its backend is brought back (`restore`) and it stays in use. The error is rethrown for the caller to report.
 */
export async function replaceModel<M>(
  current: M | undefined,
  load: () => Promise<M>,
  { restore, dispose }: { restore: () => Promise<void>; dispose: (model: M) => void },
): Promise<M> {
  let next: M;
  try {
    next = await load();
  } catch (error) {
    if (current !== undefined) await restore();
    throw error;
  }
  if (current !== undefined) dispose(current);
  return next;
}
