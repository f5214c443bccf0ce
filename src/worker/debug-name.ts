/** The name a page gives the analysis worker it starts for tests and benchmarks: that worker adds their hooks. */
export const DEBUG_WORKER_NAME = 'analysis (debug)';
