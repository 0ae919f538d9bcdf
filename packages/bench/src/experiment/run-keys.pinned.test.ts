import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { workspaceRoot } from '../workspace';
import { loadExperiment } from './load';
import { validateExperiment } from './validate';
import { expandRuns } from './expand';
import { runKey } from '../store/run-key';

/*
 * A run is found in the store by the hash of its identity (store/run-key.ts), so what an experiment
 * file expands to must never change by accident: a change would silently retrain every stored run.
 * These keys and hashes were computed by the experiment code before the zod schema replaced the
 * hand-written validator; a deliberate change to what a run is must update them and say why.
 * Every key moved twice since, with NUMERICS_VERSION 2 (3x3 convs by Winograd on wasm round
 * differently) and 3 (the wasm selective scan's decays as 2^(delta A log2 e)): the runs' JSON
 * hashes did not.
 */
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const keysOf = (runs: ReturnType<typeof expandRuns>) => runs.map((r) => `${r.run_id} ${runKey(r, 'pinned-fingerprint')}`);

/** Per shipped experiment file: each run id with its store key, and a hash of the runs' JSON text (key order included; folder roots, which depend on the checkout, replaced). */
const SHIPPED: Record<string, { keys: string[]; json: string }> = {
  'default.json': {
    keys: [
      'vim-scaled__s1 8d8b53dc29ff21ec',
      'medmamba-scaled__s1 1972d8faef48e0c9',
      'nnmamba4-scaled__s1 bc69b569d152f297',
      'nnmamba3-scaled__s1 170d01b5c3cec896',
      'vmamba-scaled__s1 e6932802c3f208f0',
      'efficientvmamba-scaled__s1 643ca7b82cc02fe7',
      'mambavision-scaled__s1 cf7a44edc70dc6f4'
    ],
    json: '4bd7b652b15de884'
  },
  'dr-cpu.json': {
    keys: [
      'vim-scaled__s1 fa99e4dfa109d41b',
      'vim-scaled__s2 217fd45c23db7468',
      'vim-scaled__s3 761a9d831737b5d6',
      'vmamba-scaled__s1 5896a67378c88345',
      'vmamba-scaled__s2 8da00b78e5305434',
      'vmamba-scaled__s3 c6561469233b686e',
      'efficientvmamba-scaled__s1 b70d6613a00fc73a',
      'efficientvmamba-scaled__s2 99f4c3b20eb8205e',
      'efficientvmamba-scaled__s3 bbf2d76f7fff5ef9',
      'medmamba-scaled__s1 6595c06cc02e149d',
      'medmamba-scaled__s2 18ca560f7f1e14a6',
      'medmamba-scaled__s3 719a13008a511898',
      'mambavision-scaled__s1 7e6c042240145808',
      'mambavision-scaled__s2 64392e814975d1e2',
      'mambavision-scaled__s3 69d9276ed82d58c9',
      'nnmamba3-scaled__s1 4c6443540f18ca66',
      'nnmamba3-scaled__s2 418b0520e30eb5ac',
      'nnmamba3-scaled__s3 044e5100c2fcdc98',
      'nnmamba4-scaled__s1 f3d6ed92bd80209f',
      'nnmamba4-scaled__s2 c3378415faa2facf',
      'nnmamba4-scaled__s3 571423e52a52c613'
    ],
    json: '255ba9f93bbe693d'
  },
  'seed-replica-short.json': {
    keys: [
      'nnmamba3__s1 cdfa202d38a6a774',
      'nnmamba4__s1 8b025181ca6ba0df',
      'vim-tiny__s1 17457777a2a34e21',
      'vmamba-tiny__s1 a8e684f585799f6f',
      'efficientvmamba-tiny__s1 dd62b55720fe91ae',
      'medmamba-tiny__s1 e030202ed4a03be7',
      'mambavision-tiny__s1 c79eca47cafdbdaa'
    ],
    json: 'b571bf40e5c7140e'
  },
  'seed-replica.json': {
    keys: [
      'nnmamba3__s1 c8b20d83027d32da',
      'nnmamba4__s1 566da956567e4524',
      'vim-tiny__s1 73e715b9796b1740',
      'vmamba-tiny__s1 f84f9d7baeb4c4a3',
      'efficientvmamba-tiny__s1 a6fb29888f04191c',
      'medmamba-tiny__s1 9af94130882626ff',
      'mambavision-tiny__s1 567dcab6bf5ef7ff'
    ],
    json: 'a3784656decf31b9'
  }
};

/** Inputs like the tests' (and grids over the fields a grid could vary before), with what they validate and expand to. */
const INPUTS: Record<string, Record<string, unknown>> = {
  base: { name: 'x', models: ['nnmamba3-scaled'], data: { kind: 'synthetic' } },
  warmup: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, schedule: { warmup_epochs: 1 } },
  warmup0: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, schedule: { warmup_epochs: 0, name: 'constant' } },
  options: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, ema: true, mixup: true, clip_grad_norm: 5, amp: true },
  offs: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, ema: false, mixup: null, clip_grad_norm: null, max_steps_per_epoch: null },
  accum: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, grad_accum_steps: 2, oom_retry: 1, jobs: 3 },
  folder: { name: 'x', models: ['m'], data: { kind: 'folder', root: '/abs/imgs', valid_fraction: 0.2 } },
  folderNoFraction: { name: 'x', models: ['m'], data: { kind: 'folder', root: '/abs/imgs' } },
  grid: { name: 'x', description: 'd', models: ['a', 'b'], seeds: [1, 2], data: { kind: 'synthetic', lesion_scale: 2.5 }, grid: { 'optimizer.lr': [1e-3, 3e-4], 'schedule.warmup_epochs': [0, 2], batch_size: [16, 32] } },
  gridAccum: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, grad_accum_steps: 4, grid: { batch_size: [16, 32], image_size: [32, 64], epochs: [1], 'optimizer.weight_decay': [0, 0.05], 'schedule.t_max': [3], 'schedule.eta_min': [0] } },
  trainRun: {
    name: 'resume', models: ['efficientvmamba-scaled'], seeds: [3],
    data: { kind: 'synthetic', train: 24, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 3, max_steps_per_epoch: 3, backend: 'wasm',
    augment: 'published', ema: { decay: 0.9 }, mixup: { prob: 1 },
  },
  optimizerPartial: { name: 'x', models: ['m'], data: { kind: 'synthetic' }, optimizer: { lr: 0.01, betas: [0.8, 0.99] }, schedule: { t_max: 7 }, augment: 'dr_dataset', backend: 'cpu' },
};

const PINNED: Record<string, { exp: string; runs: string; keys: string[] }> = {
  base: {
    exp: 'c7f161fff625baf6',
    runs: 'ec2d753f25fc57d4',
    keys: [
      'nnmamba3-scaled__s1 4c53d4de43d4cb1e'
    ]
  },
  warmup: {
    exp: 'eace7a90705aed7c',
    runs: '9da604dd8f745092',
    keys: [
      'm__s1 93525e2fd0b3535c'
    ]
  },
  warmup0: {
    exp: '054d98f3b0713212',
    runs: 'eb119048fecb63ae',
    keys: [
      'm__s1 312267a4bc2534cf'
    ]
  },
  options: {
    exp: '696b02b22a2ec7d9',
    runs: '3fd8e04ad3e491dd',
    keys: [
      'm__s1 90c67cc446de61ba'
    ]
  },
  offs: {
    exp: 'b4eaed099c05403b',
    runs: '978679bf3fb5e2fa',
    keys: [
      'm__s1 ac0c232192134f37'
    ]
  },
  accum: {
    exp: 'a89ba0bed2d6551d',
    runs: 'ad2e58c53b9f252e',
    keys: [
      'm__s1 1b536353d903ef8b'
    ]
  },
  folder: {
    exp: 'ec1b6e4f3ff5edb4',
    runs: '20137f0040037cc4',
    keys: [
      'm__s1 6a167c2ce8026b5d'
    ]
  },
  folderNoFraction: {
    exp: '0b0255e6e002d862',
    runs: '539b3e0d039820c1',
    keys: [
      'm__s1 e4ef46d1f463fc15'
    ]
  },
  grid: {
    exp: '486ac34fe21b7f55',
    runs: '5efb7683030fd0eb',
    keys: [
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s1 9a0bdb4443967ede',
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s2 90fe9d124ed430ab',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s1 efdfa1d7e784a031',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s2 110bed78f8e65e0f',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s1 5730c29db0bdbc6a',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s2 cf1eb81b99e16e93',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s1 7b057e31f99e548b',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s2 f73354a77f395bab',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s1 6676d948af34fedf',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s2 e69bceff17c7adaa',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s1 425336fc16900e64',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s2 8dc54ca129ead651',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s1 ff0f444238c2ee42',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s2 9f93c3032fa00545',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s1 e1ad29d7a002205a',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s2 6ea8c7fee7524f75',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s1 7206254cb3d04708',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s2 caf1a15560244538',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s1 5aa5f4b9e029f0e1',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s2 0dc67fe8420c79aa',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s1 b25646b23b4fc93b',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s2 fc0dec205bc5f6c0',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s1 f1326608a4c97420',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s2 cb0a917cdea1219d',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s1 f99aa5f33cfcabfa',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s2 fd9046ee08e23545',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s1 c477d7918817a3f6',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s2 7d6c8950e2d47ccb',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s1 327f7e3b4bc51b11',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s2 ddeb583c98d8c104',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s1 d8c3426cbb6a4a40',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s2 0446b66c22372f81'
    ]
  },
  gridAccum: {
    exp: '529020f3ffe67a27',
    runs: 'e00693fa96f7109b',
    keys: [
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 373c1f505f0c764d',
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 dac526037545be93',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 1df82f52115eebeb',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 be8b4e0c314998ec',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 764e268f34708c14',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 17e901f19049dee5',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 46ebfd5172a84f71',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 ca150c4c4548811c'
    ]
  },
  trainRun: {
    exp: '0a5d597581723638',
    runs: 'b287acf0e2731dc0',
    keys: [
      'efficientvmamba-scaled__s3 cccf12f5017949f2'
    ]
  },
  optimizerPartial: {
    exp: 'abfea4d8577382b8',
    runs: 'dfd9663302a94957',
    keys: [
      'm__s1 d8e0801c479efbec'
    ]
  }
};

describe('run keys stay as they were', () => {
  const dir = join(workspaceRoot(), 'experiments');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();

  it('pins every shipped experiment file', () => expect(files).toEqual(Object.keys(SHIPPED).sort()));

  it.each(Object.keys(SHIPPED))('%s expands to the same runs and keys', (file) => {
    const runs = expandRuns(loadExperiment(join(dir, file)), file);
    expect(keysOf(runs)).toEqual(SHIPPED[file]!.keys);
    const rootless = runs.map((r) => ({ ...r, data: r.data.kind === 'folder' ? { ...r.data, root: 'R' } : r.data }));
    expect(sha(JSON.stringify(rootless))).toBe(SHIPPED[file]!.json);
  });

  it.each(Object.keys(PINNED))('input %s validates and expands to the same JSON', (name) => {
    const exp = validateExperiment(structuredClone(INPUTS[name]), 'e.json');
    const runs = expandRuns(exp, 'e.json');
    expect(keysOf(runs)).toEqual(PINNED[name]!.keys);
    expect(sha(JSON.stringify(exp))).toBe(PINNED[name]!.exp);
    expect(sha(JSON.stringify(runs))).toBe(PINNED[name]!.runs);
  });
});
