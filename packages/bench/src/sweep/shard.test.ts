import { describe, expect, it } from 'vitest';
import { parseShard, shardRuns } from './shard';

describe('--shard i/n', () => {
  const runs = Array.from({ length: 5 }, (_, k) => `run-${k}`);

  it.each([1, 2, 3, 7, 12])('n = %i: every run is in exactly one shard, and shard (k %% n) + 1 holds run k', (n) => {
    const seen = new Map<string, number[]>();
    for (let i = 1; i <= n; i++) {
      for (const run of shardRuns(runs, { index: i, count: n })) seen.set(run, [...(seen.get(run) ?? []), i]);
    }
    expect([...seen.keys()].sort()).toEqual([...runs].sort());
    runs.forEach((run, k) => expect(seen.get(run)).toEqual([(k % n) + 1]));
  });

  it('keeps the expansion order inside a shard, and no shard means every run', () => {
    expect(shardRuns(runs, { index: 2, count: 2 })).toEqual(['run-1', 'run-3']);
    expect(shardRuns(runs, { index: 6, count: 7 })).toEqual([]);
    expect(shardRuns(runs, undefined)).toEqual(runs);
  });

  it('parses i/n and refuses anything else, naming the value', () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', '1/2/3', '-1/4', 'a/b', '1.5/4', '']) {
      expect(() => parseShard(bad)).toThrow(`--shard must be i/n with 1 <= i <= n, got '${bad}'`);
    }
  });
});
