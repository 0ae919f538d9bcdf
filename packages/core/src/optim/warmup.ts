/**
 * Linear warmup as a factor on the scheduled rate, stepped per batch: step 0 (0-based, counted
 * over the whole run) trains at 1 / warmupSteps of the rate, the last warmup step at the full
 * rate, and every later step at the full rate. Without it, a fresh model at a large rate can
 * take a first step so large that every image gets the same answer and the run never recovers
 * (VMamba's recipe warms up for this reason).
 */
export function linearWarmupFactor(step: number, warmupSteps: number): number {
  if (!(Number.isInteger(step) && step >= 0)) throw new Error(`linearWarmupFactor: step must be an integer >= 0, got ${step}`);
  if (!(warmupSteps >= 0)) throw new Error(`linearWarmupFactor: warmupSteps must be >= 0, got ${warmupSteps}`);
  return step < warmupSteps ? (step + 1) / warmupSteps : 1;
}
