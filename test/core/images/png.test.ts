import { expect } from 'chai';
import { inflateSync } from 'node:zlib';
import { encodePng } from '../../../core/images/png.js';

/** The header fields and the unfiltered pixel rows of a PNG written by encodePng. */
function decode(png: Buffer) {
  const idat = png.indexOf('IDAT');
  return {
    signature: [...png.subarray(0, 8)],
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    colourType: png[25],
    raw: inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))),
  };
}

describe('core/images/png encodePng', () => {
  it('writes RGB and RGBA rows, each after its filter byte, with the size and colour type in the header', () => {
    const rgb = decode(encodePng(3, 2, 3, (x, y) => [x, y, 9]));
    expect(rgb.signature).to.deep.equal([137, 80, 78, 71, 13, 10, 26, 10]);
    expect([rgb.width, rgb.height, rgb.colourType]).to.deep.equal([3, 2, 2]);
    expect([...rgb.raw]).to.deep.equal([0, 0, 0, 9, 1, 0, 9, 2, 0, 9, 0, 0, 1, 9, 1, 1, 9, 2, 1, 9]);
    const rgba = decode(encodePng(1, 1, 4, () => [1, 2, 3, 4]));
    expect([rgba.colourType, ...rgba.raw]).to.deep.equal([6, 0, 1, 2, 3, 4]);
  });

  it('ends with an IEND chunk whose CRC is the standard one', () => {
    const png = encodePng(1, 1, 3, () => [0, 0, 0]);
    expect(png.subarray(-12).toString('hex')).to.equal('0000000049454e44ae426082');
  });
});
