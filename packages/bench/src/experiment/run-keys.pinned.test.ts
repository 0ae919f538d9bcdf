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
 */
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const keysOf = (runs: ReturnType<typeof expandRuns>) => runs.map((r) => `${r.run_id} ${runKey(r, 'pinned-fingerprint')}`);

/** Per shipped experiment file: each run id with its store key, and a hash of the runs' JSON text (key order included; folder roots, which depend on the checkout, replaced). */
const SHIPPED: Record<string, { keys: string[]; json: string }> = {
  'default.json': {
    keys: [
      'vim-scaled__s1 e9c91dcabe5ce11d',
      'medmamba-scaled__s1 30ec6c474c19d3b0',
      'nnmamba4-scaled__s1 307e2036e25f2654',
      'nnmamba3-scaled__s1 cc10d4fdde9ec97d',
      'vmamba-scaled__s1 9d0c4797bae4cb58',
      'efficientvmamba-scaled__s1 ffed11fac9dba482',
      'mambavision-scaled__s1 c23f26b937a96adc'
    ],
    json: '4bd7b652b15de884'
  },
  'dr-cpu.json': {
    keys: [
      'vim-scaled__s1 3699f9529fc64ca3',
      'vim-scaled__s2 f7f5cf43961dba02',
      'vim-scaled__s3 9f4f12f1a6e0b783',
      'vmamba-scaled__s1 d2d9f385327fbd27',
      'vmamba-scaled__s2 1c0a8f0a8900f7dd',
      'vmamba-scaled__s3 31a3cb95a6f1fd61',
      'efficientvmamba-scaled__s1 dc528997e97c595f',
      'efficientvmamba-scaled__s2 b2db51b285e01de2',
      'efficientvmamba-scaled__s3 ba9de054f483d0fd',
      'medmamba-scaled__s1 947cbe071b972633',
      'medmamba-scaled__s2 dfa0aafa29823cc6',
      'medmamba-scaled__s3 67c192c5f0c0e21c',
      'mambavision-scaled__s1 0227f1ac8206eef3',
      'mambavision-scaled__s2 0b3283efa160a498',
      'mambavision-scaled__s3 70ac46f9fcf74185',
      'nnmamba3-scaled__s1 662d29f8b374fc89',
      'nnmamba3-scaled__s2 cc35266ed6081fde',
      'nnmamba3-scaled__s3 400f5a62fdd55031',
      'nnmamba4-scaled__s1 194ae517d8f51c45',
      'nnmamba4-scaled__s2 3b0426be06da952b',
      'nnmamba4-scaled__s3 edf8ed3ecfd573c8'
    ],
    json: '255ba9f93bbe693d'
  },
  'seed-replica-short.json': {
    keys: [
      'nnmamba3__s1 1842ec41d415a3ca',
      'nnmamba4__s1 694321019fdd9d76',
      'vim-tiny__s1 d82bdf209521c74c',
      'vmamba-tiny__s1 5e5c52e5ddea08f3',
      'efficientvmamba-tiny__s1 5e2e0b87c65cd0dc',
      'medmamba-tiny__s1 5509b961c9ee3922',
      'mambavision-tiny__s1 ad23452dcfec9e5f'
    ],
    json: 'b571bf40e5c7140e'
  },
  'seed-replica.json': {
    keys: [
      'nnmamba3__s1 297a08bae5a615da',
      'nnmamba4__s1 2092a6d3ab3d336e',
      'vim-tiny__s1 25fe13fc3dc960a3',
      'vmamba-tiny__s1 bdff1a6508191354',
      'efficientvmamba-tiny__s1 040e8d3ce65a4524',
      'medmamba-tiny__s1 cdd37b5b34a96dd9',
      'mambavision-tiny__s1 65d950bac61a7085'
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
      'nnmamba3-scaled__s1 f2175c88b20d76b3'
    ]
  },
  warmup: {
    exp: 'eace7a90705aed7c',
    runs: '9da604dd8f745092',
    keys: [
      'm__s1 95a5252124490629'
    ]
  },
  warmup0: {
    exp: '054d98f3b0713212',
    runs: 'eb119048fecb63ae',
    keys: [
      'm__s1 8194438b223be6f8'
    ]
  },
  options: {
    exp: '696b02b22a2ec7d9',
    runs: '3fd8e04ad3e491dd',
    keys: [
      'm__s1 c9a5185822823821'
    ]
  },
  offs: {
    exp: 'b4eaed099c05403b',
    runs: '978679bf3fb5e2fa',
    keys: [
      'm__s1 0afd84238cbd5eb2'
    ]
  },
  accum: {
    exp: 'a89ba0bed2d6551d',
    runs: 'ad2e58c53b9f252e',
    keys: [
      'm__s1 b18835bb0e93f22f'
    ]
  },
  folder: {
    exp: 'ec1b6e4f3ff5edb4',
    runs: '20137f0040037cc4',
    keys: [
      'm__s1 f8cf48d043d74e53'
    ]
  },
  folderNoFraction: {
    exp: '0b0255e6e002d862',
    runs: '539b3e0d039820c1',
    keys: [
      'm__s1 8a6b9f2b1d7fe5ba'
    ]
  },
  grid: {
    exp: '486ac34fe21b7f55',
    runs: '5efb7683030fd0eb',
    keys: [
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s1 a7bf0b4e1f9bd2dd',
      'a__lr=0.001__warmup_epochs=0__batch_size=16__s2 2576d71bac7f884b',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s1 c411353f75d1ffc0',
      'b__lr=0.001__warmup_epochs=0__batch_size=16__s2 4273b2c82989a44c',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s1 82103c7ec0c16e7b',
      'a__lr=0.001__warmup_epochs=0__batch_size=32__s2 e84d1bcbdff5ce86',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s1 af3dd355776655e8',
      'b__lr=0.001__warmup_epochs=0__batch_size=32__s2 3f1ae4f572d1f531',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s1 d261014730b70074',
      'a__lr=0.001__warmup_epochs=2__batch_size=16__s2 62fe8332ce24c86c',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s1 e5b2db9c1e05d4bf',
      'b__lr=0.001__warmup_epochs=2__batch_size=16__s2 03464a46eadc84ee',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s1 51fb93c246513c14',
      'a__lr=0.001__warmup_epochs=2__batch_size=32__s2 75c3ab7a1cb6327d',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s1 79e307af779a2769',
      'b__lr=0.001__warmup_epochs=2__batch_size=32__s2 7ef1f8e059b60618',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s1 4b03889171100b39',
      'a__lr=0.0003__warmup_epochs=0__batch_size=16__s2 dcf588c5f3370fb3',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s1 30c6aa82125acac7',
      'b__lr=0.0003__warmup_epochs=0__batch_size=16__s2 ac83ae16e9cd4662',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s1 4d3113d9cf3a8b29',
      'a__lr=0.0003__warmup_epochs=0__batch_size=32__s2 a23d96ec4dc7920a',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s1 354f43afdbaf4592',
      'b__lr=0.0003__warmup_epochs=0__batch_size=32__s2 c4f0fc167da2778d',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s1 499551711277f5d8',
      'a__lr=0.0003__warmup_epochs=2__batch_size=16__s2 1d33e85f17889513',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s1 872d0312ef16f3c9',
      'b__lr=0.0003__warmup_epochs=2__batch_size=16__s2 82a89649c211b37f',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s1 53f4f38473bb4e44',
      'a__lr=0.0003__warmup_epochs=2__batch_size=32__s2 668362099ec191b2',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s1 b20ed08766afad9d',
      'b__lr=0.0003__warmup_epochs=2__batch_size=32__s2 fbea5b726ff0a045'
    ]
  },
  gridAccum: {
    exp: '529020f3ffe67a27',
    runs: 'e00693fa96f7109b',
    keys: [
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 2749fcccf22ade99',
      'm__batch_size=16__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 1ba94b43dcea81c7',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 808605d642dcb6a0',
      'm__batch_size=16__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 948b720f98a29cfb',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 6bb804020b377708',
      'm__batch_size=32__image_size=32__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 ac2a307a87af7303',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0__t_max=3__eta_min=0__s1 3f9ec059146fe9cd',
      'm__batch_size=32__image_size=64__epochs=1__weight_decay=0.05__t_max=3__eta_min=0__s1 9df8dfcdc6fc0855'
    ]
  },
  trainRun: {
    exp: '0a5d597581723638',
    runs: 'b287acf0e2731dc0',
    keys: [
      'efficientvmamba-scaled__s3 e86f80c262eac88c'
    ]
  },
  optimizerPartial: {
    exp: 'abfea4d8577382b8',
    runs: 'dfd9663302a94957',
    keys: [
      'm__s1 520c0a5114d29ee3'
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
