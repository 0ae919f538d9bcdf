import { tf } from '@mambabench/core';

/** One profiled kernel call, in the order tfjs finishes them: the kernels a call runs inside it first. */
export interface KernelCall {
  name: string;
  /** 1 for a call made outside any kernel; a kernel run inside a depth-d call has depth d + 1. */
  depth: number;
  ms: number;
}

/**
 * Self time per kernel name, and the time of the outermost calls. tfjs times each kernel call
 * with everything it runs inside it: our Conv2DBackpropInput runs forward convs, a custom op's
 * forward (a checkpointed stage, the selective scan) runs whole layers. Summed by name, those
 * counted twice (a 224-px step's kernels once summed to 16.1 s in a step of 11.4 s). Here each
 * call keeps only its own time, so the names add up to the outermost calls' time, which the
 * step's wall time bounds.
 */
export function selfTimes(calls: KernelCall[]): { byName: Map<string, number>; outermost: number } {
  const byName = new Map<string, number>();
  // finished[d]: time of the calls at depth d whose enclosing call has not finished yet.
  const finished: number[] = [];
  for (const { name, depth, ms } of calls) {
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`kernel call ${name}: depth ${depth} is not a positive integer`);
    const inside = finished[depth + 1] ?? 0;
    finished[depth + 1] = 0;
    finished[depth] = (finished[depth] ?? 0) + ms;
    byName.set(name, (byName.get(name) ?? 0) + ms - inside);
  }
  return { byName, outermost: finished[1] ?? 0 };
}

interface ProfiledKernel {
  timeMs: number | Promise<number | { error: string }>;
}

interface EngineInternals {
  state: { kernelDepth: number };
  profiler: { profileKernel(name: string, inputs: unknown, f: () => unknown): ProfiledKernel };
}

/**
 * Runs f under tf.profile and returns its kernel calls with their depths: tfjs's profile lists
 * every call but not which ran inside which, so its profiler's per-call hook is wrapped for the
 * duration (the engine's kernel depth, read as a call starts, says how deep it is).
 */
export async function profileKernelCalls(f: () => Promise<void>): Promise<KernelCall[]> {
  const engine = tf.engine() as unknown as EngineInternals;
  const { profiler } = engine;
  const original = profiler.profileKernel;
  const pending: Array<{ name: string; depth: number; kernel: ProfiledKernel }> = [];
  profiler.profileKernel = function (name, inputs, run) {
    const depth = engine.state.kernelDepth;
    const kernel = original.call(this, name, inputs, run);
    pending.push({ name, depth, kernel });
    return kernel;
  };
  try {
    await tf.profile(f);
  } finally {
    profiler.profileKernel = original;
  }
  return Promise.all(pending.map(async ({ name, depth, kernel }) => {
    const time = await kernel.timeMs;
    return { name, depth, ms: typeof time === 'number' ? time : 0 };
  }));
}
