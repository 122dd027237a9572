/**
 * The site icon, drawn here as a 16×16 32-bit ICO (a white "Y" on Yava blue), so
 * `/favicon.ico` needs no binary file in the repository.
 */
const GLYPH = [
  '................',
  '................',
  '...##......##...',
  '...###....###...',
  '....##....##....',
  '.....##..##.....',
  '.....######.....',
  '......####......',
  '.......##.......',
  '.......##.......',
  '.......##.......',
  '.......##.......',
  '.......##.......',
  '.......##.......',
  '................',
  '................',
];
const BLUE = [0xd0, 0x57, 0x0b, 0xff]; // BGRA of #0b57d0
const WHITE = [0xff, 0xff, 0xff, 0xff];
const CLEAR = [0, 0, 0, 0];

function drawIcon(): Buffer {
  const size = 16;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    // Rows are stored bottom-up; the corners are left clear for a rounded look.
    const row = GLYPH[size - 1 - y]!;
    for (let x = 0; x < size; x += 1) {
      const corner = (x === 0 || x === size - 1) && (y === 0 || y === size - 1);
      const colour = corner ? CLEAR : row[x] === '#' ? WHITE : BLUE;
      pixels.set(colour, (y * size + x) * 4);
    }
  }
  const mask = Buffer.alloc(size * 4); // 1-bit AND mask, rows padded to 32 bits: all zero (alpha decides)
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour and mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const dir = Buffer.alloc(22);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(1, 4); // one image
  dir.writeUInt8(size, 6);
  dir.writeUInt8(size, 7);
  dir.writeUInt16LE(1, 10); // planes
  dir.writeUInt16LE(32, 12); // bits per pixel
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(22, 18);
  return Buffer.concat([dir, image]);
}

export const FAVICON_ICO: Buffer = drawIcon();

/** The same "Y" on Yava blue as a scalable icon, drawn from the glyph above (one square per pixel). */
export const FAVICON_SVG = (() => {
  const squares = GLYPH.flatMap((row, y) => [...row].flatMap((cell, x) => (cell === '#' ? [`M${x} ${y}h1v1h-1z`] : []))).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="1" fill="#0b57d0"/><path fill="#fff" d="${squares}"/></svg>`;
})();
