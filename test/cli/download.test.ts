import { expect } from 'chai';
import { progressBar } from '../../cli/download.js';

describe('cli/download progressBar', () => {
  it('fills in proportion and names the unit; without a total it counts', () => {
    expect(progressBar(450, 1000, 'rows', 10)).to.equal('[#####.....]  45%  450/1000 rows');
    expect(progressBar(1200, 1000, 'rows', 4)).to.equal('[####] 100%  1000/1000 rows');
    expect(progressBar(512, null, 'bytes')).to.equal('512 bytes');
  });
});
