import { describe, expect, it } from 'vitest';
import { analyze } from './analysis.ts';
import { drResults } from './dr-fixture.ts';
import { SUMMARY_COLUMNS, summaryCsv } from './summary-csv.ts';
import { parseCsv } from './test-csv.ts';
import { fakeResults } from './test-fixture.ts';

describe('summaryCsv', () => {
  const results = drResults();
  const rows = parseCsv(summaryCsv(results));
  const col = (name: string) => SUMMARY_COLUMNS.indexOf(name);

  it('has the stable header, units in the names, one row per variant', () => {
    expect(rows[0]).toEqual([...SUMMARY_COLUMNS]);
    expect(rows).toHaveLength(1 + 4);
    for (const name of ['train_time_s_mean', 'test_acc_frac_ci_low', 'peak_tensor_mb_std', 'roc_auc_n', 'params_count', 'vs_best_p']) {
      expect(SUMMARY_COLUMNS).toContain(name);
    }
    // Same header whatever the experiment: a sweep without predictions or published figures.
    expect(parseCsv(summaryCsv(fakeResults()))[0]).toEqual([...SUMMARY_COLUMNS]);
  });

  it('writes the statistics at full precision', () => {
    const a = analyze(results);
    const nn = rows[1]!;
    const s = a.variants[0]!.stats.test_acc!;
    expect(nn[col('model')]).toBe('nnMamba');
    expect(nn[col('seeds')]).toBe('1 2 3');
    expect(Number(nn[col('test_acc_frac_mean')])).toBe(s.mean);
    expect(Number(nn[col('test_acc_frac_std')])).toBe(s.std);
    expect(Number(nn[col('test_acc_frac_ci_low')])).toBe(s.ci![0]);
    expect(nn[col('test_acc_frac_n')]).toBe('3');
    expect(nn[col('clinical_split')]).toBe('test');
    expect(nn[col('positive_class')]).toBe('DR');
    expect(nn[col('vs_best_pairing')]).toBe('paired');
    expect(nn[col('published_acc_pct')]).toBe('96.53');
    expect(rows[3]![col('vs_best_pairing')]).toBe('best');
  });

  it('has the test-image intervals and paired comparisons', () => {
    const ts = analyze(results).testSet!;
    const nn = rows[1]!;
    expect(nn[col('images_split')]).toBe('test');
    expect(nn[col('images_n')]).toBe('200');
    expect(Number(nn[col('images_acc_ci_low_frac')])).toBe(ts.variants[0]!.accCi![0]);
    expect(nn[col('images_acc_ci_method')]).toBe('two-level bootstrap');
    expect(Number(nn[col('images_vs_best_acc_p_holm')])).toBe(ts.accuracy.find((c) => c.index === 0)!.pAdjusted);
    expect(rows[3]![col('images_vs_best_method')]).toBe('best');
    // With one seed, nnMamba and VMamba tie for best on the test images; MedMamba is compared to the best.
    const one = parseCsv(summaryCsv(drResults({ seeds: [1], withFailure: false })));
    expect(one[1]![col('images_acc_ci_method')]).toBe('Wilson');
    expect(one[2]![col('model')]).toBe('MedMamba');
    expect(one[2]![col('images_vs_best_method')]).toContain('exact McNemar');
  });

  it('leaves cells empty where there is nothing to report', () => {
    const failed = rows[4]!;
    expect(failed[col('n_ok')]).toBe('0');
    expect(failed[col('test_acc_frac_mean')]).toBe('');
    expect(failed[col('test_acc_frac_n')]).toBe('0');
    expect(failed[col('vs_best_diff_frac')]).toBe('');
  });

  it('has GPU memory statistics and the adapter for webgpu runs, empty cells for CPU ones', () => {
    const gpu = drResults({ webgpu: true });
    const s = analyze(gpu).variants[0]!.stats.gpu_memory_mb!;
    const nn = parseCsv(summaryCsv(gpu))[1]!;
    expect(Number(nn[col('gpu_memory_mb_mean')])).toBe(s.mean);
    expect(Number(nn[col('gpu_memory_mb_ci_high')])).toBe(s.ci![1]);
    expect(nn[col('gpu_memory_mb_n')]).toBe('3');
    expect(nn[col('gpu_adapter')]).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
    expect(nn[col('published_gpu_memory_gb')]).toBe('6');
    const cpu = rows[1]!;
    expect([cpu[col('gpu_memory_mb_mean')], cpu[col('gpu_memory_mb_n')], cpu[col('gpu_adapter')]]).toEqual(['', '0', '']);
  });
});
