/** Tiles equally sized RGB images into one RGB image, for previews. */
export function tileImages(images: Uint8Array[], size: number, cols: number, gap = 2): { rgb: Uint8Array; width: number; height: number } {
  const rows = Math.ceil(images.length / cols);
  const width = cols * size + (cols + 1) * gap;
  const height = rows * size + (rows + 1) * gap;
  const rgb = new Uint8Array(width * height * 3).fill(40); // dark gray gutters
  images.forEach((img, k) => {
    const ox = gap + (k % cols) * (size + gap);
    const oy = gap + Math.floor(k / cols) * (size + gap);
    for (let y = 0; y < size; y++) {
      rgb.set(img.subarray(y * size * 3, (y + 1) * size * 3), ((oy + y) * width + ox) * 3);
    }
  });
  return { rgb, width, height };
}
