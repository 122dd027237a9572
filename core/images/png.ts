/**
 * PNG encoding for the icons Yava draws itself (the dashboard's app icons, the extension's
 * toolbar icons): 8-bit RGB or RGBA, one IDAT, no dependency beyond node:zlib.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A `width`×`height` PNG whose pixel (x, y) is `pixel(x, y)`: 3 numbers (RGB) or 4 (RGBA), as
 * `channels` says.
 *
 * @example encodePng(16, 16, 4, () => [79, 70, 229, 255]) // a 16 px indigo square
 */
export function encodePng(width: number, height: number, channels: 3 | 4, pixel: (x: number, y: number) => ArrayLike<number>): Buffer {
  const row = width * channels + 1;
  const raw = Buffer.alloc(height * row);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * row + 1 + x * channels);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
