// Faults injected on purpose, for the tests of how runs and sweeps end; both do nothing unless set.

/**
 * MAMBABENCH_INJECT_OOM_ABOVE=<images>: a run whose forward pass would take more images than this
 * fails before its first step with the wasm heap's out-of-memory abort. A real one needs a model
 * and batch that fill the 4 GiB heap; this lets tests drive the out-of-memory path (its record,
 * the sweep's retry at half the micro-batch) with tiny runs.
 */
export function injectOutOfMemory(imagesPerPass: number, env: NodeJS.ProcessEnv = process.env): void {
  const raw = env.MAMBABENCH_INJECT_OOM_ABOVE;
  if (raw === undefined || raw === '') return;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`MAMBABENCH_INJECT_OOM_ABOVE must be a whole number of images >= 1, got "${raw}"`);
  if (imagesPerPass > limit) {
    throw new Error(`Aborted(OOM) (injected: ${imagesPerPass} images per pass > MAMBABENCH_INJECT_OOM_ABOVE=${limit})`);
  }
}

/**
 * MAMBABENCH_FAULT="<run id>:error": that run throws as it starts, in its own process, as any
 * run-time failure would (tests of what a sweep does with a failed run). Unset it does nothing.
 */
export function throwInjectedFault(runId: string, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.MAMBABENCH_FAULT;
  if (!spec) return;
  const [target, kind] = spec.split(':');
  if (kind !== 'error') throw new Error(`MAMBABENCH_FAULT="${spec}": expected "<run id>:error"`);
  if (target === runId) throw new Error(`fault injected by MAMBABENCH_FAULT="${spec}"`);
}
