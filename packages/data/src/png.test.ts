import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng, PNG_SIGNATURE, writePng } from './png.ts';

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  let off = 8;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    const crcOk = png.readUInt32BE(off + 8 + len) === crc32(png.subarray(off + 4, off + 8 + len));
    chunks.push({ type, data, crcOk });
    off += 12 + len;
  }
  return chunks;
}

describe('png encoder', () => {
  const width = 5;
  const height = 3;
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) & 255);

  it('matches the well-known CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes signature, IHDR, IDAT, IEND with valid CRCs and the exact pixels', () => {
    const png = encodePng(rgb, width, height);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const chunks = readChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);

    const ihdr = chunks[0].data;
    expect(ihdr.readUInt32BE(0)).toBe(width);
    expect(ihdr.readUInt32BE(4)).toBe(height);
    expect([...ihdr.subarray(8, 13)]).toEqual([8, 2, 0, 0, 0]);

    const raw = inflateSync(chunks[1].data);
    expect(raw.length).toBe(height * (width * 3 + 1));
    const pixels: number[] = [];
    for (let y = 0; y < height; y++) {
      const row = raw.subarray(y * (width * 3 + 1), (y + 1) * (width * 3 + 1));
      expect(row[0]).toBe(0); // filter: None
      pixels.push(...row.subarray(1));
    }
    expect(pixels).toEqual([...rgb]);
  });

  it('writePng writes the encoded bytes to disk', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'png-')), 'x.png');
    writePng(path, rgb, width, height);
    expect(readFileSync(path).equals(encodePng(rgb, width, height))).toBe(true);
  });

  it('rejects a buffer of the wrong length', () => {
    expect(() => encodePng(new Uint8Array(10), width, height)).toThrow(/expected 45/);
  });
});
