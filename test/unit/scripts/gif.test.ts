import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// Runs from the repository root (scripts/test-unit.js sets cwd); the script is plain JavaScript, loaded as the demo loads it.
const load = createRequire(path.resolve('package.json'));
const { encodeGif } = load('./scripts/gif.js') as {
  encodeGif(frames: { png: Buffer; delayMs: number }[], options?: { scale?: number; colors?: number }): Buffer;
};
/** The part of pngjs (untyped) that makes the test's PNGs. */
const { PNG } = load('pngjs') as {
  PNG: { new (size: { width: number; height: number }): { data: Buffer }; sync: { write(image: { data: Buffer }): Buffer } };
};

/** A PNG of `width` x `height`: dark, with a lighter box at (x, y) of 20 x 10 pixels. */
function png(width: number, height: number, box: { x: number; y: number }): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBox = x >= box.x && x < box.x + 20 && y >= box.y && y < box.y + 10;
      image.data.set(inBox ? [200, 60, 60, 255] : [30, 30, 30, 255], (y * width + x) * 4);
    }
  }
  return PNG.sync.write(image);
}

interface GifFrame {
  readonly delayMs: number;
  readonly transparent: boolean;
  readonly dispose: number;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/** Walks a GIF's blocks: its logical size and, per image, its graphic control (delay, transparency, disposal). */
function readGif(gif: Buffer): { width: number; height: number; frames: GifFrame[] } {
  assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
  const width = gif.readUInt16LE(6);
  const height = gif.readUInt16LE(8);
  let at = 13 + (gif[10]! & 0x80 ? 3 * 2 ** ((gif[10]! & 7) + 1) : 0);
  const frames: GifFrame[] = [];
  let control = { delayMs: 0, transparent: false, dispose: 0 };
  const skipSubBlocks = (): void => {
    while (gif[at]! !== 0) at += gif[at]! + 1;
    at += 1;
  };
  for (;;) {
    const kind = gif[at]!;
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      if (gif[at + 1] === 0xf9) {
        const packed = gif[at + 3]!;
        control = { delayMs: gif.readUInt16LE(at + 4) * 10, transparent: (packed & 1) === 1, dispose: (packed >> 2) & 7 };
      }
      at += 2;
      skipSubBlocks();
    } else if (kind === 0x2c) {
      const start = at;
      const w = gif.readUInt16LE(at + 5);
      const h = gif.readUInt16LE(at + 7);
      const packed = gif[at + 9]!;
      at += 10 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0) + 1; // + the LZW minimum code size
      skipSubBlocks();
      frames.push({ ...control, width: w, height: h, bytes: at - start });
    } else {
      throw new Error(`unexpected GIF block 0x${kind.toString(16)} at ${at}`);
    }
  }
  return { width, height, frames };
}

describe('scripts/gif.js: the Edit Selection picture', () => {
  it('encodes the frames scaled down, in order, with their delays, each later one kept over the one before', () => {
    const frames = [
      { png: png(200, 100, { x: 10, y: 10 }), delayMs: 1200 },
      { png: png(200, 100, { x: 60, y: 40 }), delayMs: 450 },
      { png: png(200, 100, { x: 60, y: 40 }), delayMs: 3000 },
    ];
    const gif = readGif(encodeGif(frames, { scale: 0.5, colors: 16 }));
    assert.deepEqual([gif.width, gif.height], [100, 50]);
    assert.deepEqual(gif.frames.map((f) => [f.width, f.height, f.delayMs]), [
      [100, 50, 1200],
      [100, 50, 450],
      [100, 50, 3000],
    ]);
    assert.deepEqual(gif.frames.map((f) => f.transparent), [false, true, true], 'later frames draw only what changed');
    assert.ok(gif.frames.slice(1).every((f) => f.dispose === 1), 'later frames stay in place for the next one');
    assert.ok(gif.frames[2]!.bytes < gif.frames[1]!.bytes, `an unchanged frame costs less than a changed one (${gif.frames[2]!.bytes} vs ${gif.frames[1]!.bytes} bytes)`);
  });

  it('refuses frames of different sizes, and no frames at all', () => {
    assert.throws(() => encodeGif([{ png: png(40, 20, { x: 0, y: 0 }), delayMs: 100 }, { png: png(40, 30, { x: 0, y: 0 }), delayMs: 100 }]), /frames differ in size/);
    assert.throws(() => encodeGif([]), /no frames/);
  });
});
