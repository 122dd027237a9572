// `npm run build:extension`: the Chrome extension (extension/, Manifest V3) ready to load unpacked
// in dist/extension/, with its icons drawn here, and packed as dist/yava-extension.zip for the
// Chrome Web Store. No dependency: PNG (core/images/png.ts, shared with the dashboard's icons,
// hence tsx) and ZIP are written with node:zlib.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { encodePng } from '../core/images/png.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ICON_SIZES = [16, 32, 48, 128];

/** The icon: an indigo rounded square holding a white calendar page with a 3 × 2 grid of days. */
export function iconPixel(size) {
  const indigo = [79, 70, 229, 255];
  const white = [255, 255, 255, 255];
  const clear = [0, 0, 0, 0];
  const r = size * 0.22;
  const inside = (x, y, x0, y0, x1, y1, radius) => {
    const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
    const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  return (px, py) => {
    const x = px + 0.5;
    const y = py + 0.5;
    if (!inside(x, y, 0, 0, size, size, r)) return clear;
    const [l, t, w, h] = [size * 0.2, size * 0.24, size * 0.6, size * 0.56];
    if (!inside(x, y, l, t, l + w, t + h, size * 0.06)) return indigo;
    if (y < t + h * 0.26) return [199, 210, 254, 255];
    // Days: 3 columns × 2 rows of indigo dots on the page.
    const col = Math.floor(((x - l) / w) * 3);
    const row = Math.floor(((y - (t + h * 0.26)) / (h * 0.74)) * 2);
    const cx = l + ((col + 0.5) * w) / 3;
    const cy = t + h * 0.26 + ((row + 0.5) * h * 0.74) / 2;
    return (x - cx) ** 2 + (y - cy) ** 2 <= (size * 0.055) ** 2 ? indigo : white;
  };
}

/** A ZIP archive (deflated entries) of `files`: [{ name, data }]. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, so the archive is reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 28); // flags, method, time, crc, sizes, name length
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const walk = (dir) => readdirSync(dir).sort().flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

/** Writes the unpacked extension to `outDir` and its zip beside it; returns both paths. */
export function buildExtension(outDir = join(ROOT, 'dist/extension'), zipPath = join(ROOT, 'dist/yava-extension.zip')) {
  rmSync(outDir, { recursive: true, force: true });
  const source = join(ROOT, 'extension');
  for (const file of walk(source)) {
    const target = join(outDir, relative(source, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(outDir, `icons/icon-${size}.png`), encodePng(size, size, 4, iconPixel(size)));
  const files = walk(outDir).map((file) => ({ name: relative(outDir, file).split('\\').join('/'), data: readFileSync(file) }));
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip(files));
  return { dir: outDir, zip: zipPath };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, zip: packed } = buildExtension();
  console.log(`Extension: ${relative(process.cwd(), dir)}/ (load unpacked) and ${relative(process.cwd(), packed)}`);
}
