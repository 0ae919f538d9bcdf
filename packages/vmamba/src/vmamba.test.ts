import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  tf, Sequential, getModel, initBackend, liveTensorBytes, modelMacs, peakTensorBytes, resetPeakTensorBytes, withInitSeed, type Module,
} from '@mambabench/core';
import { parameterBreakdown, stageGroup, ss2dProjectionMacs, withCheckpointing } from '@mambabench/core/testing';
import './index';
import { VssBlock } from './vss-block';

const breakdown = (model: Module) => parameterBreakdown(model, stageGroup('layers'));

// Exact counts of the authors' modules at 2 classes (shared/docs/param-counts.md).
const EXPECTED = {
  'vmamba-tiny': { total: 29_481_602, patch_embed: 43_200, 'layers.0': 367_680, 'layers.1': 1_454_208, 'layers.2': 15_165_696, 'layers.3': 12_447_744, classifier: 3_074 },
  'vmamba-vanilla-tiny': { total: 22_125_986, patch_embed: 4_896, 'layers.0': 285_312, 'layers.1': 976_128, 'layers.2': 11_944_704, 'layers.3': 8_911_872, classifier: 3_074 },
  'vmamba-scaled': { total: 1_504_898, patch_embed: 5_184, 'layers.0': 30_656, 'layers.1': 119_680, 'layers.2': 649_984, 'layers.3': 698_368, classifier: 1_026 },
} as const;


function expectMacs(model: Module, size: number, want: number) {
  const { macs } = modelMacs(model, size);
  const withoutProjections = (macs - ss2dProjectionMacs(model, size)) / 1e9;
  expect(withoutProjections, `@${size}`).toBeGreaterThan(want * 0.95);
  expect(withoutProjections, `@${size}`).toBeLessThan(want * 1.05);
  // All counted (what the bench reports) stays within 10%.
  expect(macs / 1e9, `@${size}`).toBeLessThan(want * 1.1);
}

const build = (name: string) => getModel(name).build({ numClasses: 2, imageSize: 64, inChannels: 3 });

describe('VMamba official sizes (built once each)', () => {
  const models = new Map<string, Module>();
  beforeAll(async () => {
    await initBackend('wasm');
    for (const name of ['vmamba-tiny', 'vmamba-vanilla-tiny']) models.set(name, build(name));
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  it.each(['vmamba-tiny', 'vmamba-vanilla-tiny'] as const)('%s matches the authors\' per-stage counts', (name) => {
    const { total, ...parts } = EXPECTED[name];
    const model = models.get(name)!;
    expect(model.numParams()).toBe(total);
    expect(breakdown(model)).toEqual(parts);
    expect(getModel(name).expectedParams?.(224)).toBe(total);
    expect(getModel(name).family).toBe('VMamba');
    expect(model.namedBuffers()).toEqual([]);
  });

  it('uses the reference state_dict names (s1l8 block and stem, vanilla SS2D with z gate)', () => {
    const names = models.get('vmamba-tiny')!.namedParameters().map(([n]) => n);
    for (const n of ['patch_embed.0.weight', 'patch_embed.2.weight', 'patch_embed.5.bias', 'patch_embed.7.bias',
      'layers.0.blocks.0.norm.weight', 'layers.0.blocks.0.op.x_proj_weight', 'layers.0.blocks.0.op.dt_projs_weight',
      'layers.0.blocks.0.op.dt_projs_bias', 'layers.0.blocks.0.op.A_logs', 'layers.0.blocks.0.op.Ds',
      'layers.0.blocks.0.op.in_proj.weight', 'layers.0.blocks.0.op.conv2d.weight', 'layers.0.blocks.0.op.out_norm.weight',
      'layers.0.blocks.0.op.out_proj.weight', 'layers.0.blocks.1.norm2.bias', 'layers.0.blocks.1.mlp.fc1.weight',
      'layers.2.blocks.7.mlp.fc2.bias', 'layers.0.downsample.1.weight', 'layers.2.downsample.3.bias',
      'classifier.norm.weight', 'classifier.head.weight']) expect(names).toContain(n);
    // v05_noz: no conv bias, d_inner = d (in_proj 96 -> 96), d_state 1.
    expect(names).not.toContain('layers.0.blocks.0.op.conv2d.bias');
    const p = new Map(models.get('vmamba-tiny')!.namedParameters());
    expect(p.get('layers.0.blocks.0.op.in_proj.weight')!.variable.shape).toEqual([96, 96]);
    expect(p.get('layers.0.blocks.0.op.A_logs')!.variable.shape).toEqual([4 * 96, 1]);
    const vanilla = new Map(models.get('vmamba-vanilla-tiny')!.namedParameters());
    expect(vanilla.get('layers.0.blocks.0.op.in_proj.weight')!.variable.shape).toEqual([96, 4 * 96]);
    expect(vanilla.get('layers.0.blocks.0.op.A_logs')!.variable.shape).toEqual([4 * 192, 16]);
    expect(vanilla.get('layers.0.downsample.reduction.weight')!.variable.shape).toEqual([384, 192]);
    expect([...vanilla.keys()].some((n) => n.includes('mlp'))).toBe(false);
  });

  it('initialises as VSSM._init_weights: A_log 0 (A = -1), D 1, trunc-normal Linear, zero Linear biases', () => {
    const p = new Map(models.get('vmamba-tiny')!.namedParameters());
    const vals = (n: string) => Array.from(p.get(n)!.variable.dataSync());
    expect(vals('layers.1.blocks.0.op.A_logs').every((v) => v === 0)).toBe(true);
    expect(vals('layers.1.blocks.0.op.Ds').every((v) => v === 1)).toBe(true);
    expect(vals('layers.1.blocks.0.mlp.fc1.bias').every((v) => v === 0)).toBe(true);
    expect(vals('classifier.head.bias').every((v) => v === 0)).toBe(true);
    const w = vals('layers.1.blocks.0.op.in_proj.weight');
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    // timm's trunc_normal_(std=0.02) cuts at +-2 absolute, i.e. a plain N(0, 0.02^2) in practice.
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
  });

  it('counts 4.60 GMACs at 224 for VMamba-T (models.md, scan and SSM projections aside)', () => {
    expectMacs(models.get('vmamba-tiny')!, 224, 4.6);
  });
});

describe('VSS block', () => {
  it('is pre-norm: h = x + SS2D(LN(x)), out = h + fc2(GELU(fc1(LN2(h))))', async () => {
    await initBackend('cpu');
    const block = withInitSeed(1, () => new VssBlock(8, { ssm: { dState: 1, ssmRatio: 1, gate: false, convBias: false }, mlpRatio: 4, dropPath: 0.2 })).eval();
    const x = tf.randomNormal([2, 3, 3, 8], 0, 1, 'float32', 4);
    const h = tf.add(x, block.op.forward(block.norm.forward(x)));
    const pre = block.mlp!.fc1.forward(block.norm2!.forward(h));
    const erfGelu = tf.mul(tf.mul(pre, 0.5), tf.add(tf.erf(tf.div(pre, Math.SQRT2)), 1));
    const want = tf.add(h, block.mlp!.fc2.forward(erfGelu));
    expect(block.mlp!.fc1.outFeatures).toBe(32);
    expect(tf.max(tf.abs(tf.sub(block.forward(x), want))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('gives the same gradients with its LN + SS2D checkpointed (--checkpoint), holding less', async () => {
    await initBackend('wasm');
    // Three blocks: the saving is in not keeping every block's SS2D activations at once. dropPath 0:
    // the block's random part stays outside the checkpoint but would differ between the two runs.
    const blocks = withInitSeed(1, () => new Sequential(...[0, 1, 2].map(() =>
      new VssBlock(8, { ssm: { dState: 2, ssmRatio: 2, gate: true, convBias: true }, mlpRatio: 2, dropPath: 0 }))));
    const x = tf.randomNormal([2, 16, 16, 8], 0, 1, 'float32', 4);
    const probe = tf.randomNormal([2, 16, 16, 8], 0, 1, 'float32', 5);
    const vars = blocks.trainableVariables();
    const grads = (on: boolean) => withCheckpointing(on, () => {
      const base = liveTensorBytes();
      resetPeakTensorBytes();
      const values = tf.tidy(() => {
        const { grads: g } = tf.variableGrads(() => tf.sum(tf.mul(blocks.forward(x), probe)) as tf.Scalar, vars);
        return vars.map((v) => g[v.name].dataSync());
      });
      return { values, peak: peakTensorBytes() - base };
    });
    const { values: plain, peak: plainPeak } = grads(false);
    const { values: ckpt, peak: ckptPeak } = grads(true);
    // Measured 11.9 MB plain, 5.9 MB checkpointed.
    expect(ckptPeak).toBeLessThan(0.7 * plainPeak);
    plain.forEach((g, i) => {
      const scale = Math.max(...Array.from(g, Math.abs), 1e-6);
      const diff = Math.max(...Array.from(g, (v, j) => Math.abs(v - ckpt[i][j])));
      expect(diff / scale, vars[i].name).toBeLessThan(1e-5);
    });
  });
});

describe('VMamba scaled', () => {
  it('counts about 0.018 GMACs at 64 and 0.041 at 96 (models.md)', async () => {
    await initBackend('wasm');
    const model = build('vmamba-scaled');
    for (const [size, want] of [[64, 0.018], [96, 0.041]]) expectMacs(model, size, want);
    model.dispose();
  });
});
