import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel, initBackend, modelMacs, Attention, type Module } from '@mambabench/core';
import { parameterBreakdown, stageGroup } from '@mambabench/core/testing';
import './index';
import { MambaVision } from './mambavision';
import { MambaVisionMixer } from './mixer';
import { TokenBlock } from './blocks';

const build = (name: string, imageSize: number) => getModel(name).build({ numClasses: 2, imageSize, inChannels: 3 }) as MambaVision;

const breakdown = (model: Module) => parameterBreakdown(model, stageGroup('levels'));

/** Which mixer each token block of a level has: 'M' MambaVisionMixer, 'A' attention. */
const mixers = (model: MambaVision, level: number) =>
  model.levels[level].blocks.map((b) => ((b as TokenBlock).mixer instanceof Attention ? 'A' : (b as TokenBlock).mixer instanceof MambaVisionMixer ? 'M' : '?')).join('');

describe('MambaVision-T (official size)', () => {
  let tiny: MambaVision;
  beforeAll(async () => {
    await initBackend('wasm');
    tiny = build('mambavision-tiny', 224);
  });
  afterAll(() => tiny.dispose());

  it('has the authors\' 31,154,530 parameters, per-stage sums and 11 BatchNorms (3,744 running stats)', () => {
    expect(tiny.numParams()).toBe(31_154_530);
    expect(getModel('mambavision-tiny').expectedParams?.(224)).toBe(31_154_530);
    expect(breakdown(tiny)).toEqual({
      patch_embed: 24_128, 'levels.0': 230_880, 'levels.1': 1_846_080, 'levels.2': 10_928_640, 'levels.3': 18_122_240, norm: 1_280, head: 1_282,
    });
    const buffers = tiny.namedBuffers();
    expect(buffers.length).toBe(2 * 11);
    expect(buffers.reduce((n, [, b]) => n + b.size, 0)).toBe(3_744);
  });

  it('uses the reference state_dict names', () => {
    const names = tiny.namedParameters().map(([n]) => n);
    for (const n of ['patch_embed.conv_down.0.weight', 'patch_embed.conv_down.1.weight', 'patch_embed.conv_down.3.weight', 'patch_embed.conv_down.4.bias',
      'levels.0.blocks.0.conv1.weight', 'levels.0.blocks.0.conv1.bias', 'levels.0.blocks.0.norm2.weight', 'levels.0.downsample.reduction.0.weight',
      'levels.2.blocks.0.mixer.in_proj.weight', 'levels.2.blocks.0.mixer.conv1d_z.weight', 'levels.2.blocks.3.mixer.A_log',
      'levels.2.blocks.4.mixer.qkv.bias', 'levels.2.blocks.7.mixer.proj.weight', 'levels.2.blocks.7.mlp.fc2.bias', 'levels.2.blocks.7.norm1.weight',
      'levels.3.blocks.2.mixer.qkv.weight', 'norm.weight', 'head.weight', 'head.bias']) {
      expect(names).toContain(n);
    }
    expect(names.some((n) => n.startsWith('levels.3.downsample'))).toBe(false);
    expect([mixers(tiny, 2), mixers(tiny, 3)]).toEqual(['MMMMAAAA', 'MMAA']);
  });

  it('uses the reference windows at 224 (14, 7: one window per map) and the map size at 64 (4, 2)', () => {
    expect([tiny.levels[2].config.windowSize, tiny.levels[3].config.windowSize]).toEqual([14, 7]);
    expect(tiny.levels.map((l) => l.config.numHeads)).toEqual([2, 4, 8, 16]);
  });

  it('counts 4.56 GMACs at 224 (models.md: 4.45 + 0.10 attention) and 0.36 at 64 with windows = map size', () => {
    expect(Math.abs(modelMacs(tiny, 224).macs / 1e9 / 4.55 - 1)).toBeLessThan(0.02);
    const small = build('mambavision-tiny', 64);
    expect([small.levels[2].config.windowSize, small.levels[3].config.windowSize]).toEqual([4, 2]);
    expect(Math.abs(modelMacs(small, 64).macs / 1e9 / 0.36 - 1)).toBeLessThan(0.03);
    small.dispose();
  });
});

describe('MambaVision scaled', () => {
  it('has the authors\' 2,307,922 parameters, per-stage sums and 7 BatchNorms (992 running stats)', async () => {
    await initBackend('cpu');
    const model = build('mambavision-scaled', 64);
    expect(model.numParams()).toBe(2_307_922);
    expect(getModel('mambavision-scaled').expectedParams?.(64)).toBe(2_307_922);
    expect(breakdown(model)).toEqual({
      patch_embed: 5_136, 'levels.0': 37_056, 'levels.1': 147_840, 'levels.2': 661_248, 'levels.3': 1_455_616, norm: 512, head: 514,
    });
    const buffers = model.namedBuffers();
    expect(buffers.length).toBe(2 * 7);
    expect(buffers.reduce((n, [, b]) => n + b.size, 0)).toBe(992);
    expect([mixers(model, 2), mixers(model, 3)]).toEqual(['MA', 'MA']);
    model.dispose();
  });

  it('sets windows to the map size: 4, 2 at 64 px and 6, 3 at 96 px', async () => {
    await initBackend('cpu');
    for (const [size, w3, w4] of [[64, 4, 2], [96, 6, 3]]) {
      const model = build('mambavision-scaled', size);
      expect([model.levels[2].config.windowSize, model.levels[3].config.windowSize]).toEqual([w3, w4]);
      model.dispose();
    }
  });

  it('counts 0.026 GMACs at 64 and 0.059 at 96 (models.md §9)', async () => {
    await initBackend('wasm');
    for (const [size, expected] of [[64, 0.026], [96, 0.059]]) {
      const model = build('mambavision-scaled', size);
      const { macs, scanFlops } = modelMacs(model, size);
      expect(Math.abs(macs / 1e9 / expected - 1)).toBeLessThan(0.03);
      expect(scanFlops).toBeGreaterThan(0);
      model.dispose();
    }
  });
});
