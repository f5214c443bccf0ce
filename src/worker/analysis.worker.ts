import { expose } from 'comlink';
import { analysisApi } from './analysis';
import { DEBUG_WORKER_NAME } from './debug-name';

// The app's analysis worker exposes its API and nothing else. One started for tests and benchmarks (by a
// `?bench` page, by name) adds their hooks from a chunk of their own, which the app's workers never load.
const api: Record<string, unknown> = { ...analysisApi };
if (self.name === DEBUG_WORKER_NAME) {
  const hooks = import('./debug-hooks').then(({ debugHooks }) => void Object.assign(api, debugHooks));
  api.debugReady = () => hooks;
}
expose(api);
