/**
 * Draws text with the embedded bitmap font into an RGB buffer, each font pixel a
 * scale x scale block, one blank font column between characters.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.ts';

export interface Canvas {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export const textWidth = (text: string, scale: number) => Math.max(0, [...text].length * (GLYPH_WIDTH + 1) - 1) * scale;
export const textHeight = (scale: number) => GLYPH_HEIGHT * scale;

/** Draws `text` with its top-left corner at (x, y); pixels outside the canvas are clipped. */
export function drawText(canvas: Canvas, text: string, x: number, y: number, scale: number, color: [number, number, number]): void {
  let penX = x;
  for (const ch of text) {
    const bits = glyph(ch);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
      if (!bits[gy * GLYPH_WIDTH + gx]) continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
        const px = penX + gx * scale + dx;
        const py = y + gy * scale + dy;
        if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) continue;
        canvas.rgb.set(color, (py * canvas.width + px) * 3);
      }
    }
    penX += (GLYPH_WIDTH + 1) * scale;
  }
}
