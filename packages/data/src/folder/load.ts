/**
 * loadImageFolder: an ImageFolder tree (root/{train,valid,test}/<class>/*.jpg|jpeg|png) to the
 * in-memory Dataset contract (uint8 RGB NHWC at imageSize, labels by sorted class folder),
 * with a LoadReport that accounts for every file: used, skipped (with reason) or hidden.
 * Resizing happens here, once, instead of per batch: torchvision's Resize((s, s)) is
 * deterministic, so doing it at load gives the same pixels the published pipeline sees when
 * its images are already s x s, and saves the work every epoch otherwise.
 */
import { basename, join, sep } from 'node:path';
import { PUBLISHED_MEAN, PUBLISHED_STD, type Dataset, type ImageSplit, type SplitName } from '../dataset.ts';
import { carveValidIndices } from './carve.ts';
import { DEFAULT_MAX_INPUT_PIXELS } from './decode.ts';
import { decodeGroup, type DecodedGroup } from './decode-group.ts';
import { folderFingerprint, type FingerprintEntry } from './fingerprint.ts';
import { scanImageFolder, type ScannedFile, type SkippedFile } from './scan.ts';

export interface LoadImageFolderOptions {
  /** Side of the square images after resizing (torchvision Resize((s, s)), bilinear, antialiased). */
  imageSize: number;
  /** Folder for the decode cache; null turns caching off. */
  cacheDir: string | null;
  /** When the tree has no valid/ folder: carve this fraction of train (stratified) as valid. */
  validFraction?: number;
  /** Seed of the valid carve. Default 0. */
  seed?: number;
  log?: (line: string) => void;
  /** Parallel decodes. Default: available cores, clamped to [2, 8]. */
  concurrency?: number;
  /** Images with more pixels are skipped with a reason. Default 100 megapixels. */
  maxInputPixels?: number;
  /** Dataset name for reports. Default: the root folder's name. */
  name?: string;
  /** Per-channel mean/std for toBatchTensor. Default: the published DR script's constants. */
  normalization?: Dataset['normalization'];
}

export interface LoadReport {
  root: string;
  imageSize: number;
  classNames: string[];
  /** Images used, per split, per class name. */
  counts: Partial<Record<SplitName, Record<string, number>>>;
  /** Facts about the layout: "no test split", how valid was made, options ignored. */
  notes: string[];
  /** Every file not used, with why: not an image, undecodable, too large... */
  skipped: SkippedFile[];
  /** Hidden entries (.DS_Store, .ipynb_checkpoints, ...) ignored. */
  hidden: string[];
  /** Non-split entries at the root (README, manifests), ignored. */
  ignoredAtRoot: string[];
  cache: { enabled: boolean; files: string[]; hits: number; misses: number; written: boolean };
  /** Wall time spent decoding cache misses. */
  decodeSeconds: number;
  /** Wall time of the whole load (scan, cache reads, decoding, packing). */
  loadSeconds: number;
}

export async function loadImageFolder(root: string, options: LoadImageFolderOptions): Promise<{ dataset: Dataset; report: LoadReport }> {
  const t0 = performance.now();
  const { imageSize, cacheDir, validFraction, seed = 0 } = options;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new Error(`imageSize must be a positive integer, got ${imageSize}`);
  if (validFraction !== undefined && !(validFraction > 0 && validFraction < 1)) {
    throw new Error(`validFraction must be in (0, 1), got ${validFraction}`);
  }

  const scan = scanImageFolder(root);
  const notes: string[] = [];
  if (!scan.splits.valid && validFraction === undefined) {
    throw new Error(
      `no valid split in ${scan.root}: expected a folder ${join(scan.root, 'valid')}, ` +
        'or pass validFraction to carve a stratified valid set out of train',
    );
  }
  if (scan.splits.valid && validFraction !== undefined) notes.push(`validFraction ${validFraction} ignored: the tree has a valid split`);
  if (!scan.splits.test) notes.push('no test split');
  const present = (['train', 'valid', 'test'] as const).filter((s) => scan.splits[s]);
  log(`image folder ${scan.root}: classes [${scan.classNames.join(', ')}]; ` +
    present.map((s) => `${s} ${scan.splits[s]!.files.length} files`).join(', ') + (scan.splits.test ? '' : '; no test split'));

  const groupOpts = { imageSize, cacheDir, maxInputPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS, concurrency: options.concurrency, log };
  const decoded = new Map<SplitName, DecodedGroup>();
  for (const s of present) decoded.set(s, await decodeGroup(scan.splits[s]!.dir, scan.splits[s]!.files, groupOpts));

  const skipped = [...scan.skipped, ...[...decoded.values()].flatMap((g) => g.skipped)];
  const parts = new Map<SplitName, { images: Uint8Array; files: ScannedFile[] }>();
  for (const [s, g] of decoded) {
    assertEveryClassDecoded(s, g, scan.classNames, scan.splits[s]!.dir);
    parts.set(s, { images: g.images, files: g.kept });
  }
  if (!scan.splits.valid) {
    const train = parts.get('train')!;
    const carve = carveValidIndices(train.files.map((f) => f.label), scan.classNames.length, validFraction!, seed);
    parts.set('train', pick(train, carve.train, imageSize));
    parts.set('valid', pick(train, carve.valid, imageSize));
    notes.push(`valid carved from train: ${carve.valid.length} of ${train.files.length} images (validFraction ${validFraction}, seed ${seed}, stratified by class)`);
  }

  const splits = {} as Dataset['splits'];
  const counts: LoadReport['counts'] = {};
  for (const [s, p] of parts) {
    splits[s] = makeSplit(s, p.images, p.files);
    counts[s] = Object.fromEntries(scan.classNames.map((c, label) => [c, p.files.filter((f) => f.label === label).length]));
  }
  const order = (['train', 'valid', 'test'] as const).filter((s) => parts.has(s));
  const fingerprint = folderFingerprint(imageSize, scan.classNames, order.map((s) => [s, parts.get(s)!.files as FingerprintEntry[]]));

  const groups = [...decoded.values()];
  const hits = groups.reduce((n, g) => n + g.hits, 0);
  const misses = groups.reduce((n, g) => n + g.misses, 0);
  const decodeSeconds = groups.reduce((n, g) => n + g.decodeSeconds, 0);
  log(`decode cache: ${hits} hits, ${misses} misses` + (cacheDir ? '' : ' (cache off)'));
  if (misses > 0) log(`decoded ${misses} images in ${decodeSeconds.toFixed(2)}s`);
  for (const note of notes) if (note !== 'no test split') log(note);
  logSkipped(skipped, log);

  const dataset: Dataset = {
    name: options.name ?? basename(scan.root),
    classNames: scan.classNames,
    imageSize,
    splits,
    fingerprint,
    normalization: options.normalization ?? { mean: [...PUBLISHED_MEAN], std: [...PUBLISHED_STD] },
  };
  const report: LoadReport = {
    root: scan.root,
    imageSize,
    classNames: scan.classNames,
    counts,
    notes,
    skipped,
    hidden: scan.hidden,
    ignoredAtRoot: scan.ignoredAtRoot,
    cache: {
      enabled: cacheDir !== null,
      files: groups.flatMap((g) => (g.cacheFile ? [g.cacheFile] : [])),
      hits,
      misses,
      written: groups.some((g) => g.cacheWritten),
    },
    decodeSeconds,
    loadSeconds: (performance.now() - t0) / 1000,
  };
  return { dataset, report };
}

function assertEveryClassDecoded(split: SplitName, g: DecodedGroup, classNames: string[], dir: string) {
  classNames.forEach((cls, label) => {
    if (g.kept.some((f) => f.label === label)) return;
    const classDir = join(dir, cls);
    const first = g.skipped.find((s) => s.path.startsWith(classDir + sep));
    throw new Error(`class folder has no decodable images: ${classDir} (split '${split}'` + (first ? `; e.g. ${first.path}: ${first.reason})` : ')'));
  });
}

function pick(src: { images: Uint8Array; files: ScannedFile[] }, indices: number[], size: number) {
  const bytes = size * size * 3;
  const images = new Uint8Array(indices.length * bytes);
  indices.forEach((i, k) => images.set(src.images.subarray(i * bytes, (i + 1) * bytes), k * bytes));
  return { images, files: indices.map((i) => src.files[i]) };
}

function makeSplit(name: SplitName, images: Uint8Array, files: ScannedFile[]): ImageSplit {
  return { name, images, labels: Int32Array.from(files, (f) => f.label), count: files.length };
}

function logSkipped(skipped: SkippedFile[], log: (line: string) => void) {
  if (skipped.length === 0) return;
  log(`skipped ${skipped.length} file(s):`);
  const shown = 20;
  for (const s of skipped.slice(0, shown)) log(`  ${s.path}: ${s.reason}`);
  if (skipped.length > shown) log(`  ... and ${skipped.length - shown} more (LoadReport.skipped lists all)`);
}
