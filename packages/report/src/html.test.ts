import { describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import { escapeHtml, pageData, renderHtml } from './html.ts';
import { fakeResults } from './test-fixture.ts';

describe('renderHtml', () => {
  it('escapes the experiment name in the title', () => {
    const results = { ...fakeResults(), experiment: { name: '<img src=x onerror=alert(1)>', file: 'x', spec: {} } };
    const html = renderHtml(results);
    expect(html).toContain('<title>&#60;img src=x onerror=alert(1)&#62; — mambabench report</title>');
    expect(html).not.toContain('<img');
  });

  it('renders an experiment with no runs', () => {
    const html = renderHtml({ ...fakeResults(), runs: [] });
    expect(html).toContain('id="data"');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('embeds the results without per-example predictions (results.json keeps them)', () => {
    const results = drResults();
    const data = pageData(results);
    expect(data.runs.every((r) => !('predictions' in r))).toBe(true);
    expect(results.runs[0]!.predictions).toBeDefined();
    expect({ ...data.runs[0], predictions: results.runs[0]!.predictions }).toEqual(results.runs[0]);
    const html = renderHtml(results);
    expect(html).not.toContain('"probs"');
  });
});
