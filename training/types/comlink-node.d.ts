declare module 'comlink/dist/umd/node-adapter.js' {
  import type { Endpoint } from 'comlink';
  import type { MessagePort, Worker } from 'node:worker_threads';
  /** comlink's adapter from Node's worker_threads to its Endpoint. */
  export default function nodeEndpoint(nep: Worker | MessagePort): Endpoint;
}
