import { describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import { environmentView } from './environment-view.ts';

describe('environmentView', () => {
  it('lists the machine and the settings shared by all runs', () => {
    const env = environmentView(drResults());
    expect(env.machine).toContainEqual(['git_commit', '9260fb8a1c2d']);
    expect(env.settings).toContainEqual(['optimizer.lr', '0.0003']);
    expect(env.settings).toContainEqual(['epochs', '20']);
  });

  it('lists the distinct values of settings that vary', () => {
    const r = drResults({ withFailure: false });
    r.runs = r.runs.map((run, i) => ({ ...run, batch_size: i % 2 ? 64 : 32 }));
    expect(environmentView(r).settings).toContainEqual(['batch_size', 'varies: 32 | 64']);
  });

  it('lists each GPU adapter once with its run count, software flag and fields; none for CPU backends', () => {
    const r = drResults({ webgpu: true });
    const lavapipe = { ...r.runs[0]!.adapter!, vendor: 'mesa', architecture: '', device: 'llvmpipe', software: true };
    r.runs[9] = { ...r.runs[9]!, adapter: lavapipe };
    const adapters = environmentView(r).adapters;
    expect(adapters.map((a) => [a.label, a.software, a.runs])).toEqual([
      ['nvidia hopper NVIDIA H100 80GB HBM3', false, 9], ['mesa llvmpipe (software)', true, 1],
    ]);
    expect(adapters[0]!.details).toContainEqual(['device', 'NVIDIA H100 80GB HBM3']);
    expect(adapters[0]!.details).toContainEqual(['max storage binding', '4096 MiB']);
    expect(environmentView(drResults()).adapters).toEqual([]);
  });
});
