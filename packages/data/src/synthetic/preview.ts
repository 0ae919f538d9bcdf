/**
 * Writes a 4x4 grid of synthetic fundus images for eyeballing the generator:
 * the top two rows are DR, the bottom two No_DR.
 *   npx tsx packages/data/src/synthetic/preview.ts out.png [size=128] [seed=1]
 */
import { writePng } from '../png.ts';
import { tileImages } from './grid.ts';
import { LABEL_DR, renderSyntheticImage } from './make-dataset.ts';

const [outPath = 'synthetic-preview.png', sizeArg = '128', seedArg = '1'] = process.argv.slice(2);
const size = Number(sizeArg);
const seed = Number(seedArg);

const dr: Uint8Array[] = [];
const noDr: Uint8Array[] = [];
for (let i = 0; dr.length < 8 || noDr.length < 8; i++) {
  const { image, label } = renderSyntheticImage(seed, 'train', i, size);
  const bucket = label === LABEL_DR ? dr : noDr;
  if (bucket.length < 8) bucket.push(image);
}
const { rgb, width, height } = tileImages([...dr, ...noDr], size, 4);
writePng(outPath, rgb, width, height);
console.log(`wrote ${outPath} (${width}x${height}): rows 1-2 DR, rows 3-4 No_DR, seed ${seed}, ${size} px`);
