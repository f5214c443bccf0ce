// Worker threads do not inherit tsx's loader from the parent: register it, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const { default: extract } = await import('./worker.ts');
export default extract;
