import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.ts';
import { toInlineScript } from './inline-script.ts';
import { bundlePageScript } from './page-bundle.ts';
import { fakeResults } from './test-fixture.ts';

// What the page does in a browser is checked by report.browser.test.ts (Chromium); this checks
// what the bundle must be for index.html to run it at all.
describe('bundlePageScript', () => {
  const bundle = bundlePageScript();

  it('is one classic script: it compiles outside a module (an import or export would not)', () => {
    expect(() => new Script(bundle, { filename: 'page.js' })).not.toThrow();
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('needs nothing from Node', () => {
    expect(bundle).not.toMatch(/\brequire\(|\bprocess\.|["']node:/);
  });

  it('holds the whole page: the renderers and the chart kit', () => {
    for (const file of ['main.ts', 'data-table.ts', 'chart-kit.ts', 'environment-section.ts']) expect(bundle).toContain(`// src/page/${file}`);
  });

  it('is the script index.html runs', () => {
    const html = renderHtml(fakeResults());
    const scripts = [...html.matchAll(/<script>\n([\s\S]*?)\n<\/script>/g)].map((m) => m[1]);
    expect(scripts.at(-1)).toBe(toInlineScript(bundle));
  });
});
