import { describe, expect, it } from 'vitest';
import { H100_ADAPTER, drResults } from './dr-fixture.ts';
import { resultsCsv } from './results-csv.ts';
import { RUN_COLUMNS } from './run-record.ts';
import { parseCsv } from './test-csv.ts';
import { fakeResults } from './test-fixture.ts';

const col = (name: string) => RUN_COLUMNS.indexOf(name as (typeof RUN_COLUMNS)[number]);

describe('resultsCsv GPU columns', () => {
  it('writes GPU memory unrounded and the adapter flattened, software as true/false', () => {
    const runs = drResults({ webgpu: true, seeds: [1], withFailure: false }).runs;
    runs[1] = { ...runs[1]!, adapter: { ...H100_ADAPTER, software: true } };
    const rows = parseCsv(resultsCsv(runs));
    expect(rows[0]).toEqual([...RUN_COLUMNS]);
    expect(rows[1]![col('backend')]).toBe('webgpu');
    expect(rows[1]![col('gpu_memory_mb')]).toBe(String(runs[0]!.gpu_memory_mb));
    expect(rows[1]![col('gpu_adapter')]).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
    expect(rows[1]![col('gpu_adapter_software')]).toBe('false');
    expect(rows[2]![col('gpu_adapter_software')]).toBe('true');
  });

  it('leaves the GPU cells empty for CPU-backend runs and for records older than the fields', () => {
    const cpu = { ...fakeResults().runs[0]!, backend: 'wasm', gpu_memory_mb: null, adapter: null };
    const old = fakeResults().runs[1]!; // no gpu_memory_mb, no adapter at all
    const rows = parseCsv(resultsCsv([cpu, old]));
    for (const row of rows.slice(1)) {
      expect([row[col('gpu_memory_mb')], row[col('gpu_adapter')], row[col('gpu_adapter_software')]]).toEqual(['', '', '']);
      expect(row[col('peak_tensor_mb')]).not.toBe('');
    }
  });
});
