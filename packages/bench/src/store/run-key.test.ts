import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NUMERICS_VERSION } from '@mambabench/core';
import type { RunConfig } from '../experiment/expand';
import { runIdentity, runKey } from './run-key';

const cfg = (over: Partial<RunConfig> = {}): RunConfig => ({
  run_id: 'nnmamba3-scaled__s1', experiment: 'default', model: 'nnmamba3-scaled', seed: 1, backend: 'wasm',
  data: { kind: 'folder', root: '/data/dr', valid_fraction: 0.2 },
  train: { image_size: 64, batch_size: 32, optimizer: { lr: 3e-4, weight_decay: 0.05 } } as unknown as RunConfig['train'],
  overrides: {},
  ...over,
});

describe('run key', () => {
  it('is the SHA-256 of the RFC 8785 canonical identity, written out here by hand', () => {
    // Keys sorted at every level, no spaces, numbers in their shortest form.
    const canonical = '{"backend":"wasm","data":{"fingerprint":"fp1","kind":"folder","valid_fraction":0.2},"model":"nnmamba3-scaled",' +
      `"numerics":${NUMERICS_VERSION},"seed":1,"train":{"batch_size":32,"image_size":64,"optimizer":{"lr":0.0003,"weight_decay":0.05}}}`;
    expect(runKey(cfg(), 'fp1')).toBe(createHash('sha256').update(canonical).digest('hex').slice(0, 16));
  });

  it('ignores the data path, the run name, the experiment and key order', () => {
    const k = runKey(cfg(), 'fp1');
    expect(runKey(cfg({ data: { kind: 'folder', root: '/elsewhere/dr', valid_fraction: 0.2 } }), 'fp1')).toBe(k);
    expect(runKey(cfg({ run_id: 'other', experiment: 'renamed', overrides: { lr: 1 } }), 'fp1')).toBe(k);
    const reordered = cfg({ train: { optimizer: { weight_decay: 0.05, lr: 3e-4 }, batch_size: 32, image_size: 64 } as unknown as RunConfig['train'] });
    expect(runKey(reordered, 'fp1')).toBe(k);
  });

  it('changes with anything that changes the training: data content, seed, a hyper-parameter, backend, model', () => {
    const k = runKey(cfg(), 'fp1');
    const others = [
      runKey(cfg(), 'fp2'),
      runKey(cfg({ seed: 2 }), 'fp1'),
      runKey(cfg({ train: { image_size: 64, batch_size: 32, optimizer: { lr: 1e-3, weight_decay: 0.05 } } as unknown as RunConfig['train'] }), 'fp1'),
      runKey(cfg({ backend: 'webgpu' }), 'fp1'),
      runKey(cfg({ model: 'nnmamba4-scaled' }), 'fp1'),
      runKey(cfg({ data: { kind: 'folder', root: '/data/dr', valid_fraction: 0.1 } }), 'fp1'),
    ];
    expect(new Set([k, ...others]).size).toBe(7);
  });

  it('keeps every field of synthetic data specs', () => {
    const synthetic = cfg({ data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0, lesion_scale: 2.5 } });
    expect(runIdentity(synthetic, 'fp').data).toEqual({ kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0, lesion_scale: 2.5, fingerprint: 'fp' });
  });
});
