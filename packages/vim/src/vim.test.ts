import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, getModel, initBackend, modelMacs, type Module } from '@mambabench/core';
import { parameterBreakdown, stageGroup } from '@mambabench/core/testing';
import './index';
import { VisionMamba } from './vim';

const build = (name: string, imageSize: number) => getModel(name).build({ numClasses: 2, imageSize, inChannels: 3 }) as VisionMamba;

const breakdown = (model: Module) => parameterBreakdown(model, stageGroup('layers'));

describe('Vim-Ti (official size)', () => {
  let tiny: VisionMamba;
  beforeAll(async () => {
    await initBackend('wasm');
    tiny = build('vim-tiny', 224);
  });
  afterAll(() => tiny.dispose());

  it('has the authors\' 6,955,394 parameters at 224 with their per-module sums (param-counts.md)', () => {
    expect(tiny.numParams()).toBe(6_955_394);
    expect(getModel('vim-tiny').expectedParams?.(224)).toBe(6_955_394);
    const parts = breakdown(tiny);
    expect([parts.patch_embed, parts.cls_token, parts.pos_embed, parts.norm_f, parts.head]).toEqual([147_648, 192, 37_824, 192, 386]);
    for (let i = 0; i < 24; i++) expect(parts[`layers.${i}`]).toBe(282_048);
    expect(Object.keys(parts).length).toBe(5 + 24);
    expect(tiny.namedBuffers()).toEqual([]);
  });

  it('uses the reference names for a layer (mamba_simple v2 mixer + RMSNorm)', () => {
    const names = tiny.namedParameters().map(([n]) => n).filter((n) => n.startsWith('layers.3.')).map((n) => n.slice('layers.3.'.length));
    expect(names.sort()).toEqual([
      'mixer.A_b_log', 'mixer.A_log', 'mixer.D', 'mixer.D_b', 'mixer.conv1d.bias', 'mixer.conv1d.weight', 'mixer.conv1d_b.bias',
      'mixer.conv1d_b.weight', 'mixer.dt_proj.bias', 'mixer.dt_proj.weight', 'mixer.dt_proj_b.bias', 'mixer.dt_proj_b.weight',
      'mixer.in_proj.weight', 'mixer.out_proj.weight', 'mixer.x_proj.weight', 'mixer.x_proj_b.weight', 'norm.weight',
    ]);
    const top = tiny.namedParameters().map(([n]) => n).filter((n) => !n.startsWith('layers.'));
    expect(top).toEqual(['patch_embed.proj.weight', 'patch_embed.proj.bias', 'cls_token', 'pos_embed', 'head.weight', 'head.bias', 'norm_f.weight']);
  });

  it('puts the class token at index M // 2 = 98 of 197 tokens', () => {
    expect(tiny.tokenPosition).toBe(98);
    expect(tiny.posEmbed.shape).toEqual([1, 197, 192]);
  });

  it('counts 1.29 GMACs at 224; with half the scan FLOPs (one multiply-add per 2 FLOPs) 1.55, models.md\'s ~1.58', () => {
    const { macs, scanFlops } = modelMacs(tiny, 224);
    expect(Math.abs(macs / 1e9 / 1.2925 - 1)).toBeLessThan(0.01);
    expect(Math.abs((macs + scanFlops / 2) / 1e9 / 1.58 - 1)).toBeLessThan(0.05);
  });

  it('has 6,920,834 parameters at 64 (pos_embed has 17 tokens)', () => {
    const small = build('vim-tiny', 64);
    expect(small.numParams()).toBe(6_920_834);
    expect(getModel('vim-tiny').expectedParams?.(64)).toBe(6_920_834);
    expect(small.tokenPosition).toBe(8);
    small.dispose();
  });
});

describe('Vim scaled', () => {
  it('has 674,114 parameters at 64 and 681,794 at 96, with the per-module sums of param-counts.md', async () => {
    await initBackend('cpu');
    const m64 = build('vim-scaled', 64);
    expect(m64.numParams()).toBe(674_114);
    const parts = breakdown(m64);
    expect([parts.patch_embed, parts.cls_token, parts.pos_embed, parts.norm_f, parts.head]).toEqual([18_528, 96, 6_240, 96, 194]);
    for (let i = 0; i < 8; i++) expect(parts[`layers.${i}`]).toBe(81_120);
    const m96 = build('vim-scaled', 96);
    expect(m96.numParams()).toBe(681_794);
    expect([64, 96].map((s) => getModel('vim-scaled').expectedParams?.(s))).toEqual([674_114, 681_794]);
    m64.dispose();
    m96.dispose();
  });

  it('initialises as the reference: patch conv lecun-normal with zero bias, head bias 0, cls/pos std ~0.02', async () => {
    await initBackend('cpu');
    const model = build('vim-scaled', 64);
    const std = (t: tf.Tensor) => Math.sqrt(tf.moments(t).variance.dataSync()[0]);
    expect(Array.from(model.patchEmbed.proj.bias!.dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(model.head.bias!.dataSync()).every((v) => v === 0)).toBe(true);
    expect(std(model.patchEmbed.proj.weight) / Math.sqrt(1 / 192)).toBeCloseTo(1, 1);
    expect(std(model.posEmbed) / 0.02).toBeCloseTo(1, 1);
    expect(std(model.head.weight) / 0.02).toBeCloseTo(1, 0);
    model.dispose();
  });

  it('embeds patches row-major with the class token inserted at M // 2 and pos_embed added', async () => {
    await initBackend('cpu');
    const model = build('vim-scaled', 64);
    const x = tf.randomNormal([1, 64, 64, 3], 0, 1, 'float32', 3);
    const seq = model.embed(x);
    expect(seq.shape).toEqual([1, 65, 96]);
    const patches = tf.reshape(model.patchEmbed.proj.forward(x), [64, 96]);
    const pos = tf.reshape(model.posEmbed, [65, 96]);
    const row = (t: tf.Tensor, i: number) => Array.from(tf.slice(t, [i, 0], [1, 96]).dataSync());
    const flat = tf.reshape(seq, [65, 96]);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    close(row(flat, 32), Array.from(tf.add(tf.reshape(model.clsToken, [1, 96]), tf.slice(pos, [32, 0], [1, 96])).dataSync()));
    close(row(flat, 0), Array.from(tf.add(tf.slice(patches, [0, 0], [1, 96]), tf.slice(pos, [0, 0], [1, 96])).dataSync()));
    close(row(flat, 33), Array.from(tf.add(tf.slice(patches, [32, 0], [1, 96]), tf.slice(pos, [33, 0], [1, 96])).dataSync()));
    close(row(flat, 64), Array.from(tf.add(tf.slice(patches, [63, 0], [1, 96]), tf.slice(pos, [64, 0], [1, 96])).dataSync()));
    model.dispose();
  });

  it('counts 0.040 GMACs at 64 and 0.088 at 96; with half the scan FLOPs 0.054 / 0.120, models.md\'s 0.055 / 0.124', async () => {
    await initBackend('wasm');
    for (const [size, plain, withScan] of [[64, 0.0395, 0.055], [96, 0.0882, 0.124]]) {
      const model = build('vim-scaled', size);
      const { macs, scanFlops } = modelMacs(model, size);
      expect(Math.abs(macs / 1e9 / plain - 1)).toBeLessThan(0.01);
      expect(Math.abs((macs + scanFlops / 2) / 1e9 / withScan - 1)).toBeLessThan(0.05);
      model.dispose();
    }
  });
});
