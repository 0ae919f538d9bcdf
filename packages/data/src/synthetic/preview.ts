/**
 * Writes a 4x4 grid of synthetic fundus images, each titled with its class, for eyeballing
 * the generator:
 *   npx tsx packages/data/src/synthetic/preview.ts out.png [size=128] [seed=1]
 */
import { writeSampleGrid } from '../samples/grid.ts';
import { makeSyntheticDataset } from './make-dataset.ts';

const [outPath = 'synthetic-preview.png', sizeArg = '128', seedArg = '1'] = process.argv.slice(2);
const size = Number(sizeArg);
const seed = Number(seedArg);

const dataset = makeSyntheticDataset({ seed, imageSize: size, train: 16, valid: 0, test: 0 });
const { width, height } = await writeSampleGrid(outPath, dataset, { cellSize: size });
console.log(`wrote ${outPath} (${width}x${height}): 16 train images, seed ${seed}, ${size} px`);
