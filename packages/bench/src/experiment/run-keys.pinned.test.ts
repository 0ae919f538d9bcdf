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
 * Every key moved once since, with NUMERICS_VERSION 2 (3x3 convs by Winograd on wasm round
 * differently): the runs' JSON hashes did not.
 */
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const keysOf = (runs: ReturnType<typeof expandRuns>) => runs.map((r) => `${r.run_id} ${runKey(r, 'pinned-fingerprint')}`);

/** Per shipped experiment file: each run id with its store key, and a hash of the runs' JSON text (key order included; folder roots, which depend on the checkout, replaced). */
const SHIPPED: Record<string, { keys: string[]; json: string }> = {
  'default.json': {
    keys: [
      'vim-scaled__s1 772d5fe6fa91051f',
      'medmamba-scaled__s1 97e34dbd9ecb86ba',
      'nnmamba4-scaled__s1 b14e4c4b240ad8a9',
      'nnmamba3-scaled__s1 f26c310818213327',
      'vmamba-scaled__s1 4d8d2f281fbe46d2',
      'efficientvmamba-scaled__s1 76281e2e381beef5',
      'mambavision-scaled__s1 ee1fe8c9781b3af0'
    ],
    json: '4bd7b652b15de884'
  },
  'dr-cpu.json': {
    keys: [
      'vim-scaled__s1 70d3e009986ab7f1',
      'vim-scaled__s2 f6a9fa79bd1c364a',
      'vim-scaled__s3 7db2eabf4d95f376',
      'vmamba-scaled__s1 c05ca30289540f10',
      'vmamba-scaled__s2 205288dc8cc79ca7',
      'vmamba-scaled__s3 47eb261b8a564c00',
      'efficientvmamba-scaled__s1 63996e4df0bbb700',
      'efficientvmamba-scaled__s2 c122d7d886771fb0',
      'efficientvmamba-scaled__s3 595e6d86ee5832dd',
      'medmamba-scaled__s1 f569690d0ebfcc7c',
      'medmamba-scaled__s2 57465745d7e5885e',
      'medmamba-scaled__s3 63cc75da99b13bbf',
      'mambavision-scaled__s1 d6f1220da4d88825',
      'mambavision-scaled__s2 9877e7193b06af89',
      'mambavision-scaled__s3 b199590989327c90',
      'nnmamba3-scaled__s1 b15e294d36ba9233',
      'nnmamba3-scaled__s2 266a3e163723d2cd',
      'nnmamba3-scaled__s3 02119115368eda97',
      'nnmamba4-scaled__s1 9b78ac1a5db1bced',
      'nnmamba4-scaled__s2 244bc129cb9fccbe',
      'nnmamba4-scaled__s3 c343b00df70e8747'
    ],
    json: '255ba9f93bbe693d'
  },
  'seed-replica-short.json': {
    keys: [
      'nnmamba3__s1 df6f27d93918d4e6',
      'nnmamba4__s1 633bdd2a4bfc7e93',
      'vim-tiny__s1 f5e7802e3869d6de',
      'vmamba-tiny__s1 f2370333ae3fefb6',
      'efficientvmamba-tiny__s1 7155c813f3928998',
      'medmamba-tiny__s1 0b5da8e8514ecb93',
      'mambavision-tiny__s1 a8ba0c10523acfbb'
    ],
    json: 'b571bf40e5c7140e'
  },
  'seed-replica.json': {
    keys: [
      'nnmamba3__s1 48542d5632122126',
      'nnmamba4__s1 094961c503237b5a',
      'vim-tiny__s1 407b60e05c661d01',
      'vmamba-tiny__s1 d18cafe12639020c',
      'efficientvmamba-tiny__s1 189a5ca1452e37aa',
      'medmamba-tiny__s1 e6ee1ef3b8756258',
      'mambavision-tiny__s1 938eb3438ed6b65d'
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
      'nnmamba3-scaled__s1 73d9f4459f23c448'
    ]
  },
  warmup: {
    exp: 'eace7a90705aed7c',
    runs: '9da604dd8f745092',
    keys: [
      'm__s1 f8fbd4b20ae04355'
    ]
  },
  warmup0: {
    exp: '054d98f3b0713212',
    runs: 'eb119048fecb63ae',
    keys: [
      'm__s1 2ca5a326d2886dea'
    ]
  },
  options: {
    exp: '696b02b22a2ec7d9',
    runs: '3fd8e04ad3e491dd',
    keys: [
      'm__s1 408eeae940531c5b'
    ]
  },
  offs: {
    exp: 'b4eaed099c05403b',
    runs: '978679bf3fb5e2fa',
    keys: [
      'm__s1 d9626795393c63d2'
    ]
  },
  accum: {
    exp: 'a89ba0bed2d6551d',
    runs: 'ad2e58c53b9f252e',
    keys: [
      'm__s1 22848a0c67b35536'
    ]
  },
  folder: {
    exp: 'ec1b6e4f3ff5edb4',
    runs: '20137f0040037cc4',
    keys: [
      'm__s1 ce769efd781d9b2c'
    ]
  },
  folderNoFraction: {
    exp: '0b0255e6e002d862',
    runs: '539b3e0d039820c1',
    keys: [
      'm__s1 4da1a391d42ecfbb'
    ]
  },
  grid: {
    exp: '486ac34fe21b7f55',
    runs: '5efb7683030fd0eb',
    keys: [
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s1 882b431044d88c70',
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s2 02421275bf767d03',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s1 d07ddf8a98f53a96',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s2 985af426676d9051',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s1 c51ee916c0a9b19a',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s2 3f1ce45b4a769546',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s1 797a442d2655f5b9',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s2 bb7d9fa1da46b191',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s1 25d389fda94585d3',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s2 ffdc3895c003e3c6',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s1 abedf0ecf730a2e0',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s2 2e066b174ba0d171',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s1 a224b4c81adf871c',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s2 3ae53684d302ecc1',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s1 364a23c693d0c4ae',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s2 96cdb7b0c7a63552',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s1 2981aeb200067d14',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s2 492f755792aae0ac',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s1 db7e7ec08adaffcf',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s2 c1310a430fa608a7',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s1 04e3a463345766c6',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s2 1924eaea6f0bdfbd',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s1 0ca59f82dbcdfb62',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s2 fe1e6eb52adcf994',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s1 1fa7ddb0a99d8bf0',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s2 a364fb8c07e43e5a',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s1 6da6a7d9b713f1c7',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s2 7143f995d33dc2d2',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s1 ecaf8e56570289c1',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s2 04be5931cc0cf432',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s1 f44c29953937d006',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s2 db15a06662f79db8'
    ]
  },
  gridAccum: {
    exp: '529020f3ffe67a27',
    runs: 'e00693fa96f7109b',
    keys: [
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 51c80d8ae5b78d6b',
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 4157f0014b28b7f3',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 6b532ab94d317fa7',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 3e8b3707e7b93c9c',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 8eae9e7c59fde84f',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 597170140dced775',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 d6b235f7525a7823',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 3c7def194e5c2354'
    ]
  },
  trainRun: {
    exp: '0a5d597581723638',
    runs: 'b287acf0e2731dc0',
    keys: [
      'efficientvmamba-scaled__s3 93c74a2c26038c6a'
    ]
  },
  optimizerPartial: {
    exp: 'abfea4d8577382b8',
    runs: 'dfd9663302a94957',
    keys: [
      'm__s1 ad1c85773f49d10e'
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
