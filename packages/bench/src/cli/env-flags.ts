import { SCAN_KERNELS, WEBGPU_SCAN_MODES, heapPoolSetting, setActivationCheckpointing, setHeapPoolEnabled } from '@mambabench/core';
import { InputError } from '../input-error';
import type { OptionSpec } from './args';

/**
 * The settings that also come from the environment (a Slurm script or a CI job sets them once),
 * each with its flag. A flag wins over the variable; either way the value goes into this process's
 * environment, which a sweep's and perf's child processes inherit.
 */
export const ENV_FLAGS = {
  threads: { type: 'string', metavar: 'n', env: 'MAMBABENCH_THREADS', description: 'wasm threads per run process (default: the cores shared out among the runs trained at once)' },
  checkpoint: { type: 'boolean', env: 'MAMBABENCH_CHECKPOINT', description: 'Activation checkpointing: less memory, one more forward pass per segment' },
  'heap-pool': { type: 'string', metavar: 'on|off', env: 'MAMBABENCH_HEAP_POOL', description: "Run our own wasm kernels (the selective scan, conv and depthwise gradients, softplus, column sums, AdamW) on all the backend's threads (same results; off: on the calling thread only)", default: 'on' },
  'scan-kernel': { type: 'string', metavar: SCAN_KERNELS.join('|'), env: 'MAMBABENCH_SCAN_KERNEL', description: 'CPU selective-scan kernel', default: 'auto' },
  'webgpu-scan': { type: 'string', metavar: WEBGPU_SCAN_MODES.join('|'), env: 'MAMBABENCH_WEBGPU_SCAN', description: 'How the WebGPU scan parallelises', default: 'sequential' },
  'stall-minutes': { type: 'string', metavar: 'min', env: 'MAMBABENCH_STALL_MINUTES', description: 'Kill a child process that prints nothing for this long (0: never)', default: '30' },
} as const satisfies Record<string, OptionSpec & { env: string }>;

export type EnvFlagName = keyof typeof ENV_FLAGS;

/** The named env flags, for a command's options. */
export function envFlags(...names: EnvFlagName[]): Record<string, OptionSpec> {
  return Object.fromEntries(names.map((n) => [n, ENV_FLAGS[n]]));
}

/** Why a value is not acceptable for the flag, or null. */
function problem(name: EnvFlagName, value: string): string | null {
  switch (name) {
    case 'threads': return /^[1-9]\d*$/.test(value) ? null : 'an integer >= 1';
    case 'stall-minutes': return /^\d+(\.\d+)?$/.test(value) ? null : 'a number of minutes >= 0';
    case 'scan-kernel': return (SCAN_KERNELS as readonly string[]).includes(value) ? null : `one of ${SCAN_KERNELS.join(', ')}`;
    case 'webgpu-scan': return (WEBGPU_SCAN_MODES as readonly string[]).includes(value) ? null : `one of ${WEBGPU_SCAN_MODES.join(', ')}`;
    case 'heap-pool': return heapPoolSetting(value) === null ? 'on or off' : null;
    case 'checkpoint': return null;
  }
}

/**
 * Checks the env flags given on the command line (and the variables they stand for) and puts the
 * flags' values into process.env. An option left at its default does not override the variable.
 */
export function applyEnvFlags(args: Record<string, unknown>, given: (name: string) => boolean): void {
  for (const name of Object.keys(ENV_FLAGS) as EnvFlagName[]) {
    if (!(name in args)) continue;
    const { env } = ENV_FLAGS[name];
    if (given(name)) {
      const value = args[name] === true ? '1' : String(args[name]);
      const bad = problem(name, value);
      if (bad) throw new InputError(`--${name} must be ${bad}, got "${value}"`);
      process.env[env] = value;
    } else if (process.env[env] !== undefined && name !== 'checkpoint') {
      const bad = problem(name, process.env[env]!);
      if (bad) throw new InputError(`${env} (the environment's --${name}) must be ${bad}, got "${process.env[env]}"`);
    }
  }
  // Core reads the variable when it loads; this process loaded it already.
  if (given('checkpoint')) setActivationCheckpointing(true);
  if (given('heap-pool')) setHeapPoolEnabled(heapPoolSetting(String(args['heap-pool'])) ?? true);
}
