/**
 * SIGINT / SIGTERM for a training process: the first asks the run to stop after its current step
 * (the AbortSignal trainRun checks), so it can write a checkpoint that continues exactly; a second
 * exits at once with 130, checkpoint or not.
 */
export function stopOnSignals(write: (line: string) => void = (l) => void process.stderr.write(l + '\n')): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // Ctrl-C reaches a sweep's whole process group, so the parent reading this process's output may
  // be gone: a write to its closed pipe must not kill this one before the checkpoint is written.
  const ignore = () => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      write(`${name} again: exiting now, without waiting for the checkpoint`);
      process.exit(130);
    }
    write(`${name}: finishing the current step, then saving a checkpoint to continue from (${name} again exits at once)`);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    },
  };
}
