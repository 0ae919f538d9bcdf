import { describe, expect, it, vi } from 'vitest';
import { tf, initBackend, listModels, trainStep, withInitSeed, AdamW, type Module, type ModelSpec } from '@mambabench/core';
import { randomArray, useWebGpu, valuesAsync, webGpuTestAdapter } from '@mambabench/core/testing';
import { loadModelPackages } from '../src/discover';

// A few real training steps of every model family on the webgpu backend (our WGSL selective
// scan, tfjs's WebGPU kernels for the rest), the way all-models.test.ts steps every variant on
// wasm: the first `-scaled` variant of each family, trainStep + AdamW on a fixed batch. Checked:
// finite losses, that every parameter moves, that no tensor is left behind per step, and that
// the losses follow the same steps on wasm. The reference is wasm, not cpu: wasm's kernels are
// each tested against cpu, and cpu would take about 2 minutes here (wasm: 15 s). On CI this runs
// on lavapipe (software Vulkan, 2 cores, a 128 MiB storage-binding cap): small models and batches.
await loadModelPackages();
const adapter = await webGpuTestAdapter('webgpu training, one scaled variant per family');

const perFamily = new Map<string, ModelSpec>();
for (const spec of listModels()) if (spec.name.endsWith('-scaled') && !perFamily.has(spec.family)) perFamily.set(spec.family, spec);

// 32 px where every parameter still gets a gradient; 64 px where at 32 the last stage is 1x1, a
// one-token scan in which A_log has no effect (and so, correctly, no gradient).
const SIZE: Record<string, number> = { 'vmamba-scaled': 64, 'medmamba-scaled': 64, 'mambavision-scaled': 64 };
// Batch 4, unbalanced labels (see all-models.test.ts: with 2 samples a train-mode BatchNorm before
// pooling makes the head bias gradient cancel).
const BATCH = 4;
const LABELS = [0, 1, 1, 1];
const STEPS = 3;
const CLIP_NORM = 5;

interface Run {
  losses: number[];
  /** tf.memory().numTensors after each step. */
  tensors: number[];
  /** Parameters with no element changed by the steps, or a non-finite one after them. */
  stuck: string[];
  nonFinite: string[];
}

async function snapshot(model: Module): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const [name, p] of model.namedParameters()) out.set(name, await valuesAsync(p.variable));
  return out;
}

/** STEPS train steps of `spec` on the active backend, seeded and fed identically on every backend. */
async function train(spec: ModelSpec): Promise<Run> {
  const size = SIZE[spec.name] ?? 32;
  const model = withInitSeed(1, () => spec.build({ numClasses: 2, imageSize: size, inChannels: 3 }));
  // No weight decay: a parameter then moves only if its gradient is non-zero somewhere. eps 1e-6
  // rather than 1e-8: Adam's first steps move a parameter by about lr whatever its gradient's
  // size, so gradients that are float32 rounding noise (the bias before a train-mode BatchNorm,
  // whose true gradient is 0) would take the two backends' parameters apart in random directions.
  const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0, eps: 1e-6 });
  const x = tf.tensor4d(randomArray(BATCH * size * size * 3, 7), [BATCH, size, size, 3]);
  const y = tf.tensor1d(LABELS, 'int32');
  const before = await snapshot(model);
  const run: Run = { losses: [], tensors: [], stuck: [], nonFinite: [] };
  try {
    for (let step = 0; step < STEPS; step++) {
      // Clipped at 5 as the published script does: clipByGlobalNorm reduces every gradient at once.
      const { loss, correct } = trainStep(model, optimizer, x, y, y, CLIP_NORM);
      run.losses.push((await valuesAsync(loss))[0]);
      tf.dispose([loss, correct]);
      run.tensors.push(tf.memory().numTensors);
    }
    const after = await snapshot(model);
    for (const [name, values] of after) {
      const initial = before.get(name)!;
      if (!values.every(Number.isFinite)) run.nonFinite.push(name);
      else if (values.every((v, i) => v === initial[i])) run.stuck.push(name);
    }
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
  return run;
}

describe.skipIf(!adapter)('training every model family on webgpu', () => {
  it('has a scaled variant of each of the six families', () => {
    expect([...perFamily.values()].map((s) => s.name)).toEqual(expect.arrayContaining([
      'efficientvmamba-scaled', 'mambavision-scaled', 'medmamba-scaled', 'nnmamba3-scaled', 'vim-scaled', 'vmamba-scaled',
    ]));
  });

  it.each([...perFamily.values()].map((s) => [s.name, s] as const))('%s: trains, every parameter moves, no leak, losses follow wasm', async (_, spec) => {
    await initBackend('wasm');
    const reference = await train(spec);
    await useWebGpu();
    // Dawn reports an invalid pipeline (say, more storage buffers than the adapter binds) as an
    // uncaptured error, which core's handler logs, and the op then returns stale data: a failure.
    const gpuErrors: string[] = [];
    const log = console.error.bind(console);
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (String(args[0]).startsWith('WebGPU error')) gpuErrors.push(String(args[0]));
      log(...args);
    });
    const gpu = await train(spec).finally(() => spy.mockRestore());
    expect(gpuErrors).toEqual([]);
    if (process.env.MAMBABENCH_DEBUG_LOSSES) console.log(spec.name, { wasm: reference.losses, webgpu: gpu.losses });

    expect(gpu.losses.every(Number.isFinite), `losses ${gpu.losses}`).toBe(true);
    expect(gpu.nonFinite).toEqual([]);
    expect(gpu.stuck).toEqual([]);
    // Every step releases what it made: the count after the first step stays.
    expect(gpu.tensors).toEqual(gpu.tensors.map(() => gpu.tensors[0]));
    // The first loss is the same forward pass on both (measured on lavapipe: within 1e-6), the
    // later ones follow the same updates (within 6e-5 after three steps).
    expect(Math.abs(gpu.losses[0] - reference.losses[0])).toBeLessThan(1e-4);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - reference.losses[i]), `step ${i + 1}: webgpu ${l}, wasm ${reference.losses[i]}`).toBeLessThan(1e-3));
    // A fixed batch: the steps fit it.
    expect(gpu.losses[STEPS - 1]).toBeLessThan(gpu.losses[0]);
  });
});
