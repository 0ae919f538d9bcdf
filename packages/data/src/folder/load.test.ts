import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageFolder } from './load.ts';
import { tempDir, writeImage, writeText, writeTruncatedJpeg, type Kind } from './test-images.ts';

const SIZE = 16;
const px = (images: Uint8Array, index: number, x: number, y: number) => {
  const o = ((index * SIZE + y) * SIZE + x) * 3;
  return [images[o], images[o + 1], images[o + 2]];
};

describe('loadImageFolder: a tree with every image kind and odd file', () => {
  let root: string;
  const kinds: Kind[] = ['jpg', 'png', 'gray', 'rgba', 'png16', 'cmyk', 'palette'];
  beforeAll(async () => {
    root = tempDir();
    // Names sort in kind order so index i of the No_DR class is kinds[i].
    for (const [i, kind] of kinds.entries()) {
      const ext = kind === 'jpg' || kind === 'cmyk' ? 'jpg' : 'png';
      await writeImage(join(root, 'train/No_DR', `${i}-${kind}.${ext}`), kind);
    }
    await writeImage(join(root, 'train/DR/a.JPG'), 'jpg', 24, 10);
    await writeImage(join(root, 'train/DR/b.jpeg'), 'jpg', 24, 20);
    await writeImage(join(root, 'train/DR/c.PNG'), 'png', 30, 30);
    await writeTruncatedJpeg(join(root, 'train/DR/truncated.jpg'));
    writeText(join(root, 'train/DR/fake.jpg'), 'this is not a JPEG');
    writeText(join(root, 'train/DR/notes.txt'), 'labelled by hand');
    writeText(join(root, 'train/DR/.DS_Store'), 'finder');
    writeText(join(root, 'train/.DS_Store'), 'finder');
    writeText(join(root, 'train/stray.jpg'), 'not in a class folder');
    writeText(join(root, 'README.md'), 'about');
    await writeImage(join(root, 'valid/DR/v.jpg'), 'jpg');
    await writeImage(join(root, 'valid/No_DR/v.png'), 'png');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('decodes every kind to SIZE x SIZE RGB, labels by sorted class folder, and reports the rest', async () => {
    const lines: string[] = [];
    const { dataset, report } = await loadImageFolder(root, { imageSize: SIZE, cacheDir: null, log: (l) => lines.push(l) });
    expect(dataset.classNames).toEqual(['DR', 'No_DR']);
    expect(dataset.splits.train.count).toBe(3 + kinds.length);
    expect(dataset.splits.train.images.length).toBe((3 + kinds.length) * SIZE * SIZE * 3);
    expect(Array.from(dataset.splits.train.labels)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(dataset.splits.test).toBeUndefined();
    expect(report.notes).toContain('no test split');
    expect(report.counts).toEqual({ train: { DR: 3, No_DR: 7 }, valid: { DR: 1, No_DR: 1 } });

    const skipped = Object.fromEntries(report.skipped.map((s) => [s.path.slice(root.length + 1), s.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['train/DR/fake.jpg', 'train/DR/notes.txt', 'train/DR/truncated.jpg', 'train/stray.jpg']);
    expect(skipped['train/DR/truncated.jpg']).toMatch(/cannot decode: .*(premature end of JPEG|corrupt or truncated image data)/i);
    expect(skipped['train/DR/fake.jpg']).toMatch(/cannot decode: .*unsupported image format/i);
    expect(skipped['train/DR/notes.txt']).toMatch(/not an image file: extension \.txt/);
    expect(skipped['train/stray.jpg']).toBe('not inside a class folder');
    expect(report.hidden.map((p) => p.slice(root.length + 1)).sort()).toEqual(['train/.DS_Store', 'train/DR/.DS_Store']);
    expect(report.ignoredAtRoot.map((p) => p.slice(root.length + 1))).toEqual(['README.md']);
    expect(lines.some((l) => l.startsWith('skipped 4 file(s)'))).toBe(true);

    const imgs = dataset.splits.train.images;
    const base = 3; // No_DR images start after the three DR ones
    const ref = px(imgs, base + kinds.indexOf('png'), 8, 8);
    // Grey: all channels equal. Palette and 16-bit: same colours as the 8-bit PNG (within rounding).
    const g = px(imgs, base + kinds.indexOf('gray'), 8, 8);
    expect(g[0]).toBe(g[1]);
    expect(g[1]).toBe(g[2]);
    for (const kind of ['png16', 'palette', 'jpg', 'cmyk'] as const) {
      const p = px(imgs, base + kinds.indexOf(kind), 8, 8);
      const tol = kind === 'cmyk' ? 20 : kind === 'palette' ? 8 : 3; // CMYK round trip goes through an ICC profile
      p.forEach((v, c) => expect(Math.abs(v - ref[c]), `${kind} channel ${c}`).toBeLessThanOrEqual(tol));
    }
    // RGBA: transparent left half flattened onto black, opaque right half stays white.
    expect(px(imgs, base + kinds.indexOf('rgba'), 1, 5)).toEqual([0, 0, 0]);
    expect(px(imgs, base + kinds.indexOf('rgba'), 14, 5)).toEqual([255, 255, 255]);
  });

  it('is deterministic: same tree, same fingerprint and bytes', async () => {
    const a = await loadImageFolder(root, { imageSize: SIZE, cacheDir: null });
    const b = await loadImageFolder(root, { imageSize: SIZE, cacheDir: null });
    expect(a.dataset.fingerprint).toBe(b.dataset.fingerprint);
    expect(a.dataset.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(Buffer.from(a.dataset.splits.train.images).equals(Buffer.from(b.dataset.splits.train.images))).toBe(true);
    const c = await loadImageFolder(root, { imageSize: SIZE + 1, cacheDir: null });
    expect(c.dataset.fingerprint).not.toBe(a.dataset.fingerprint);
  });

  it('skips images above maxInputPixels with their size in the reason', async () => {
    const { report, dataset } = await loadImageFolder(root, { imageSize: SIZE, cacheDir: null, maxInputPixels: 28 * 28 });
    const big = report.skipped.find((s) => s.path.endsWith('c.PNG'));
    expect(big?.reason).toMatch(/30x30 = 900 pixels, above the limit of 784/);
    expect(dataset.splits.train.count).toBe(2 + kinds.length);
  });
});

describe('loadImageFolder: layout errors name the path', () => {
  const roots: string[] = [];
  const make = () => {
    const r = tempDir();
    roots.push(r);
    return r;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
  const load = (root: string, extra = {}) => loadImageFolder(root, { imageSize: 8, cacheDir: null, ...extra });

  it('missing root', async () => {
    const r = join(make(), 'nope');
    await expect(load(r)).rejects.toThrow(`dataset root not found: ${r}`);
  });

  it('no train split, with a hint when a near name exists', async () => {
    const r = make();
    await writeImage(join(r, 'training/DR/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(`no train split: expected a folder ${join(r, 'train')} (found training)`);
  });

  it('no valid split: an error unless validFraction is given', async () => {
    const r = make();
    await writeImage(join(r, 'train/DR/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(`no valid split in ${r}: expected a folder ${join(r, 'valid')}, or pass validFraction`);
  });

  it('a split with no class folders', async () => {
    const r = make();
    await writeImage(join(r, 'train/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(`split 'train' has no class folders: ${join(r, 'train')}`);
  });

  it('an empty class folder', async () => {
    const r = make();
    await writeImage(join(r, 'train/DR/a.png'), 'png');
    mkdirSync(join(r, 'train/No_DR'), { recursive: true });
    writeText(join(r, 'train/No_DR/.DS_Store'), 'x');
    await writeImage(join(r, 'valid/DR/a.png'), 'png');
    await writeImage(join(r, 'valid/No_DR/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(`class folder has no images (.jpg, .jpeg, .png): ${join(r, 'train/No_DR')} (split 'train', class 'No_DR')`);
  });

  it('a class whose only image is corrupt', async () => {
    const r = make();
    await writeImage(join(r, 'train/DR/a.png'), 'png');
    writeText(join(r, 'train/No_DR/broken.png'), 'not a png');
    await writeImage(join(r, 'valid/DR/a.png'), 'png');
    await writeImage(join(r, 'valid/No_DR/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(
      new RegExp(`class folder has no decodable images: ${join(r, 'train/No_DR')} \\(split 'train'; e\\.g\\. .*broken\\.png: cannot decode`),
    );
  });

  it('class folders that differ between splits', async () => {
    const r = make();
    await writeImage(join(r, 'train/DR/a.png'), 'png');
    await writeImage(join(r, 'train/No_DR/a.png'), 'png');
    await writeImage(join(r, 'valid/DR/a.png'), 'png');
    await writeImage(join(r, 'valid/Other/a.png'), 'png');
    await expect(load(r)).rejects.toThrow(
      `class folders differ between splits in ${r}: train has [DR, No_DR], valid has [DR, Other] (missing in valid: No_DR; only in valid: Other)`,
    );
  });

  it('root that is a file', async () => {
    const r = join(make(), 'file');
    writeFileSync(r, 'x');
    await expect(load(r)).rejects.toThrow(`dataset root is not a directory: ${r}`);
  });
});

describe('loadImageFolder: splits', () => {
  let root: string;
  beforeAll(async () => {
    root = tempDir();
    for (let i = 0; i < 10; i++) await writeImage(join(root, `train/DR/${i}.png`), 'png', 8, i);
    for (let i = 0; i < 20; i++) await writeImage(join(root, `train/No_DR/${i}.png`), 'png', 8, 100 + i);
    await writeImage(join(root, 'test/DR/t.png'), 'png', 8);
    await writeImage(join(root, 'test/No_DR/t.png'), 'png', 8);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('validFraction carves a stratified, seeded valid set out of train', async () => {
    const a = await loadImageFolder(root, { imageSize: 8, cacheDir: null, validFraction: 0.2, seed: 3 });
    expect(a.report.counts).toEqual({ train: { DR: 8, No_DR: 16 }, valid: { DR: 2, No_DR: 4 }, test: { DR: 1, No_DR: 1 } });
    expect(a.report.notes.join('\n')).toMatch(/valid carved from train: 6 of 30 images \(validFraction 0.2, seed 3/);
    const again = await loadImageFolder(root, { imageSize: 8, cacheDir: null, validFraction: 0.2, seed: 3 });
    expect(again.dataset.fingerprint).toBe(a.dataset.fingerprint);
    const other = await loadImageFolder(root, { imageSize: 8, cacheDir: null, validFraction: 0.2, seed: 4 });
    expect(other.dataset.fingerprint).not.toBe(a.dataset.fingerprint);
    // Disjoint: the blue channel (tint) identifies each image.
    const tints = (s: { images: Uint8Array; count: number }) => Array.from({ length: s.count }, (_, i) => s.images[i * 192 + 2]);
    const t = tints(a.dataset.splits.train);
    const v = tints(a.dataset.splits.valid);
    expect(new Set([...t, ...v]).size).toBe(30);
  });

  it('validFraction out of range is an error', async () => {
    await expect(loadImageFolder(root, { imageSize: 8, cacheDir: null, validFraction: 1 })).rejects.toThrow('validFraction must be in (0, 1), got 1');
  });

  it('keeps torchvision sample order for nested folders (sorted os.walk)', async () => {
    const r = tempDir();
    try {
      for (const p of ['c/z.png', 'c/a/b.png', 'c/a-2/x.png', 'c/a/d/y.png', 'c/m.png']) await writeImage(join(r, 'train', p), 'png', 8);
      const scan = (await import('./scan.ts')).scanImageFolder(r);
      expect(scan.splits.train!.files.map((f) => f.rel)).toEqual([
        'train/c/m.png', 'train/c/z.png', 'train/c/a/b.png', 'train/c/a-2/x.png', 'train/c/a/d/y.png',
      ]);
    } finally {
      rmSync(r, { recursive: true, force: true });
    }
  });
});
