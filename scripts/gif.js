// Turns PNG screenshots into one small animated GIF (the README's Edit Selection picture), in plain
// JavaScript: pngjs decodes the PNGs, gifenc quantizes and encodes. Small by construction: the frames are
// scaled down (averaging the pixels each target pixel covers), share one palette of a few colours, and
// every frame after the first stores only the pixels that changed (the rest is transparent and shows the
// frame below, which stays in place).
'use strict';
const { PNG } = require('pngjs');
const { GIFEncoder, quantize, applyPalette } = require('gifenc');

/** Decodes a PNG buffer to { width, height, data: RGBA }. */
function decodePng(buffer) {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

/** Scales an RGBA image by `scale` (< 1), each target pixel the average of the source pixels it covers. */
function scaleDown(image, scale) {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width));
      const sum = [0, 0, 0];
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * image.width + sx) * 4;
          sum[0] += image.data[i];
          sum[1] += image.data[i + 1];
          sum[2] += image.data[i + 2];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 4;
      data[o] = Math.round(sum[0] / n);
      data[o + 1] = Math.round(sum[1] / n);
      data[o + 2] = Math.round(sum[2] / n);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/**
 * Encodes `frames` ([{ png: Buffer, delayMs }], all of one size) into an animated GIF that loops forever.
 * Returns the GIF's bytes.
 */
function encodeGif(frames, { scale = 0.8, colors = 64 } = {}) {
  if (frames.length === 0) throw new Error('no frames to encode');
  const images = frames.map((f) => scaleDown(decodePng(f.png), scale));
  const { width, height } = images[0];
  for (const image of images) {
    if (image.width !== width || image.height !== height) throw new Error(`frames differ in size: ${image.width}x${image.height} vs ${width}x${height}`);
  }
  // One palette for every frame, from every frame's pixels; the slot after it means "unchanged".
  const all = new Uint8Array(images.length * width * height * 4);
  images.forEach((image, i) => all.set(image.data, i * width * height * 4));
  const palette = quantize(all, colors - 1);
  const unchanged = palette.length;
  palette.push([0, 0, 0]);
  const gif = GIFEncoder();
  let previous;
  images.forEach((image, i) => {
    const index = applyPalette(image.data, palette.slice(0, unchanged));
    const drawn = index.slice();
    if (previous) {
      for (let p = 0; p < index.length; p++) if (index[p] === previous[p]) index[p] = unchanged;
    }
    gif.writeFrame(index, width, height, {
      palette: i === 0 ? palette : undefined,
      delay: frames[i].delayMs,
      transparent: previous !== undefined,
      transparentIndex: unchanged,
      dispose: 1, // keep the frame in place: the next one draws only what changed over it
    });
    previous = drawn;
  });
  gif.finish();
  return Buffer.from(gif.bytes());
}

module.exports = { encodeGif };
