/**
 * Fault injection for tests of what a sweep does when a run goes wrong: with
 * MAMBABENCH_FAULT="<run id>:error" set, that run throws as it starts, in its own process, as
 * any run-time failure would. Unset (always, outside tests) it does nothing.
 */
export function throwInjectedFault(runId: string, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.MAMBABENCH_FAULT;
  if (!spec) return;
  const [target, kind] = spec.split(':');
  if (kind !== 'error') throw new Error(`MAMBABENCH_FAULT="${spec}": expected "<run id>:error"`);
  if (target === runId) throw new Error(`fault injected by MAMBABENCH_FAULT="${spec}"`);
}
