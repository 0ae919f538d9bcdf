import { describe, expect, it } from 'vitest';
import { tf, getModel, initBackend, type Module } from '@mambabench/core';
import { parameterBreakdown } from '@mambabench/core/testing';
import './index';
import { NnMamba } from './nnmamba';

const breakdown = (model: Module) => parameterBreakdown(model);

// Exact counts from the authors' PyTorch modules (shared/docs/param-counts.md).
const EXPECTED = {
  nnmamba3: { total: 4_371_650, in_conv: 10_272, mamba_layer_stem: 10_560, layer1: 205_696, layer2: 820_992, layer3: 3_280_384, mamba_seq: 29_312, mlp: 14_434 },
  nnmamba4: { total: 17_502_402, in_conv: 10_272, mamba_layer_stem: 10_560, layer1: 205_696, layer2: 820_992, layer3: 3_280_384, layer4: 13_114_368, mamba_seq: 29_312, mlp: 30_818 },
  'nnmamba3-scaled': { total: 708_258, in_conv: 2_832, mamba_layer_stem: 3_168, layer1: 33_088, layer2: 131_712, layer3: 525_568, mamba_seq: 8_256, mlp: 3_634 },
  'nnmamba4-scaled': { total: 2_812_066, in_conv: 2_832, mamba_layer_stem: 3_168, layer1: 33_088, layer2: 131_712, layer3: 525_568, layer4: 2_099_712, mamba_seq: 8_256, mlp: 7_730 },
} as const;

describe('nnMamba parameter counts', () => {
  it.each(Object.entries(EXPECTED))('%s matches the authors\' per-module counts', async (name, expected) => {
    await initBackend('cpu');
    const model = getModel(name).build({ numClasses: 2, imageSize: 64, inChannels: 3 }) as NnMamba;
    const { total, ...modules } = expected;
    expect(model.numParams()).toBe(total);
    expect(breakdown(model)).toEqual(modules);
    expect(getModel(name).expectedParams?.(64)).toBe(total);
    model.dispose();
  });

  it('counts BatchNorm layers and buffers as the reference (25 BN layers, 6,528 running stats)', async () => {
    await initBackend('cpu');
    const model = getModel('nnmamba3').build({ numClasses: 2, imageSize: 64, inChannels: 3 });
    const buffers = model.namedBuffers();
    expect(buffers.length).toBe(2 * 25);
    expect(buffers.reduce((n, [, b]) => n + b.size, 0)).toBe(6_528);
    model.dispose();
  });

  it('uses the stem Mamba of the reference: 8,384 parameters, names as in mamba_ssm', async () => {
    await initBackend('cpu');
    const model = getModel('nnmamba3').build({ numClasses: 2, imageSize: 64, inChannels: 3 }) as NnMamba;
    const stem = model.namedParameters().filter(([n]) => n.startsWith('mamba_layer_stem.mamba.'));
    expect(stem.reduce((n, [, p]) => n + p.variable.size, 0)).toBe(8_384);
    expect(stem.map(([n]) => n.replace('mamba_layer_stem.mamba.', ''))).toEqual([
      'in_proj.weight', 'conv1d.weight', 'conv1d.bias', 'x_proj.weight', 'dt_proj.weight', 'dt_proj.bias', 'A_log', 'D', 'out_proj.weight',
    ]);
    model.dispose();
  });

  it('without MambaSeq drops exactly its parameters', async () => {
    await initBackend('cpu');
    const model = getModel('nnmamba3-scaled-noseq').build({ numClasses: 2, imageSize: 64, inChannels: 3 });
    expect(model.numParams()).toBe(708_258 - 8_256);
    model.dispose();
  });
});

describe('nnMamba forward', () => {
  it('orders channel-sequence tokens like the reference reshape (token j of stage i holds channels 2^i*c + j)', async () => {
    await initBackend('cpu');
    // With MambaSeq off, the MLP input is exactly the channel-major flattening of the token grid,
    // so the first Linear sees feature c*7+t. Probe it with pooled vectors whose value = channel id.
    const model = new NnMamba({ inChannels: 3, numClasses: 2, channels: 2, blocks: 1, stages: 3, mambaSeq: false });
    const pooled = [4, 8, 16].map((w) => tf.tensor2d([Array.from({ length: w }, (_, c) => c)]));
    const flat = Array.from((model as unknown as { channelSequence(p: tf.Tensor[]): tf.Tensor }).channelSequence(pooled).dataSync());
    // tokenDim = 2ch = 4 rows c; columns t: [stage1 c], [stage2 2c, 2c+1], [stage3 4c..4c+3]
    const expected: number[] = [];
    for (let c = 0; c < 4; c++) expected.push(c, 2 * c, 2 * c + 1, 4 * c, 4 * c + 1, 4 * c + 2, 4 * c + 3);
    expect(flat).toEqual(expected);
    model.dispose();
  });
});
