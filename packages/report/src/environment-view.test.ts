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
});
