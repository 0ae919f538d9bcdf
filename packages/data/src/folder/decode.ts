/**
 * Decodes one image file to size x size 8-bit sRGB RGB bytes with sharp (libvips).
 *
 * - Colour: anything libvips reads (grey, grey+alpha, palette, RGBA, CMYK, 16-bit) becomes
 *   8-bit sRGB. Alpha is flattened onto black: fundus photos sit on a black background, so a
 *   transparent surround should look like one. (PIL's convert('RGB'), which torchvision uses,
 *   drops alpha instead; the published data has no alpha, so the two agree on it.)
 * - EXIF orientation is NOT applied, like PIL.Image.open + convert in torchvision's loader.
 * - Resize: 'linear' kernel with fit 'fill' (aspect ratio not kept, as Resize((s, s)) does).
 *   libvips scales the triangle kernel with the shrink factor, i.e. it is antialiased bilinear,
 *   the filter PIL uses for torchvision's Resize. Measured on dr-real (224 -> 64 px) against a
 *   PIL-style reference: mean |diff| 0.15 grey levels for linear vs 0.2-0.8 for mitchell, cubic
 *   and lanczos3. fastShrinkOnLoad is off because JPEG DCT shrink-on-load doubled that error.
 * - Truncated/corrupt files fail (failOn 'warning': libvips' "premature end of JPEG" is only a
 *   warning otherwise, and would give a half-grey image where PIL raises).
 * - Very large images: the header is read first and an image above maxInputPixels fails with
 *   a message giving its dimensions (the loader records it as skipped); sharp's own
 *   limitInputPixels is set to the same value as a second guard.
 */
import sharp, { type SharpOptions } from 'sharp';

/** Part of every cache key: a new sharp/libvips or a change below must not reuse old bytes. */
export const DECODER_ID = `sharp ${sharp.versions.sharp} vips ${sharp.versions.vips}; fill linear noFastShrink; flatten black; srgb8`;

/** 100 megapixels: far above any fundus camera (~20 MP), small enough to decode safely. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

export async function decodeImage(path: string, size: number, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS): Promise<Uint8Array> {
  const options = { failOn: 'warning' as const, limitInputPixels: maxInputPixels, sequentialRead: true };
  try {
    return await decode(path, size, maxInputPixels, options);
  } catch (error) {
    throw new Error(cleanMessage((error as Error).message));
  }
}

async function decode(path: string, size: number, maxInputPixels: number, options: SharpOptions): Promise<Uint8Array> {
  // The header read does not decode pixels, so it may look past the pixel limit to report the size.
  const meta = await sharp(path, { ...options, limitInputPixels: false }).metadata();
  if (!meta.width || !meta.height) throw new Error(`no image dimensions in header (format ${meta.format ?? 'unknown'})`);
  const pixels = meta.width * meta.height;
  if (pixels > maxInputPixels) {
    throw new Error(`image is ${meta.width}x${meta.height} = ${pixels} pixels, above the limit of ${maxInputPixels} (maxInputPixels)`);
  }
  const { data, info } = await sharp(path, options)
    .flatten({ background: { r: 0, g: 0, b: 0 } })
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== size || info.height !== size || data.length !== size * size * 3) {
    throw new Error(`decoder returned ${info.width}x${info.height}x${info.channels} (${data.length} bytes), expected ${size}x${size}x3`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/**
 * libvips repeats lines and, when several decodes run at once, its per-process error buffer
 * can hand one job only the generic failOn line; say what that line means.
 */
function cleanMessage(message: string): string {
  const lines = [...new Set(message.split('\n').map((l) => l.trim()).filter(Boolean))];
  const text = lines.join('; ') || 'unknown decoder error';
  return text === 'Warning treated as error due to failOn setting'
    ? 'corrupt or truncated image data (a libvips warning, treated as an error)'
    : text;
}
