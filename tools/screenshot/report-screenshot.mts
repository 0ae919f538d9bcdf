// The README's report screenshots: open a report's index.html in Debian's Chromium (the one the
// browser tests use) and save the top of the page as a PNG.
//   npx tsx tools/screenshot/report-screenshot.mts reports/default/index.html docs/report-default.png [height]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page, out, height = '1500'] = process.argv.slice(2);
if (!page || !out) {
  console.error('usage: report-screenshot.mts <report index.html> <out.png> [height px, default 1500]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const tab = await browser.newPage({ viewport: { width: 1400, height: Number(height) } });
  await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
  await tab.waitForTimeout(500); // charts draw after load
  await tab.screenshot({ path: resolve(out) });
  console.log(`wrote ${resolve(out)}`);
} finally {
  await browser.close();
}
