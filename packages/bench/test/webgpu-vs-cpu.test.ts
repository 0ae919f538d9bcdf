import { describe, expect, it } from 'vitest';
import { tf, crossEntropy, initBackend, listModels, withInitSeed, type ModelSpec } from '@mambabench/core';
import { useWebGpu, valuesAsync, webGpuTestAdapter } from '@mambabench/core/testing';
import { loadModelPackages } from '../src/discover';

// One scaled variant per family (each family has its own scan arrangement: Vim's bidirectional
// scan, VMamba's and MedMamba's 4-way cross-scan, EfficientVMamba's polyphase scan, nnMamba's
// and MambaVision's Mamba mixers): the loss and every parameter's gradient of one train-mode
// step on webgpu (our WGSL scan, tfjs's WebGPU kernels) against the cpu backend.
await loadModelPackages();
const adapter = await webGpuTestAdapter('every model family, webgpu against cpu');
const perFamily = new Map<string, ModelSpec>();
for (const spec of listModels()) if (spec.name.endsWith('-scaled') && !perFamily.has(spec.family)) perFamily.set(spec.family, spec);
const SIZE = 32;

async function lossAndGrads(spec: ModelSpec) {
  const model = withInitSeed(1, () => spec.build({ numClasses: 2, imageSize: SIZE, inChannels: 3 }));
  const x = tf.randomNormal([4, SIZE, SIZE, 3], 0, 1, 'float32', 11);
  const y = tf.tensor1d([0, 1, 1, 0], 'int32');
  const named = model.namedParameters();
  const vars = named.map(([, p]) => p.variable);
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), y) as tf.Scalar, vars);
  const out = { loss: (await valuesAsync(value))[0], grads: await Promise.all(vars.map((v) => valuesAsync(grads[v.name]))), names: named.map(([n]) => n) };
  tf.dispose([x, y, value, ...Object.values(grads)]);
  model.dispose();
  return out;
}

describe.skipIf(!adapter)('each model family on webgpu matches cpu', () => {
  it('covers the six families', () => {
    expect([...perFamily.keys()].length).toBeGreaterThanOrEqual(6);
  });

  it.each([...perFamily.values()].map((s) => [s.name, s] as const))('%s: loss and every parameter gradient', async (_, spec) => {
    await initBackend('cpu');
    const cpu = await lossAndGrads(spec);
    await useWebGpu();
    const gpu = await lossAndGrads(spec);
    expect(Math.abs(gpu.loss - cpu.loss) / Math.max(1, Math.abs(cpu.loss))).toBeLessThan(1e-5);
    // Per parameter, max |gpu - cpu| over its largest cpu entry, floored at 1e-3 of the largest
    // entry of any parameter: a conv bias right before a train-mode BatchNorm has a true
    // gradient of 0, and both backends return float32 noise there.
    const maxAbs = (a: number[]) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const floor = 1e-3 * maxAbs(cpu.grads.map(maxAbs));
    const errors = cpu.grads.map((g, i) => {
      const diff = maxAbs(g.map((v, j) => gpu.grads[i][j] - v));
      return [cpu.names[i], diff / Math.max(floor, maxAbs(g))] as const;
    }).sort((a, b) => b[1] - a[1]);
    if (process.env.MAMBABENCH_DEBUG_GRADS) console.log(spec.name, errors.slice(0, 8));
    const worst = errors[0];
    expect(worst[1], `worst: ${worst[0]}`).toBeLessThan(1e-3);
  });
});
