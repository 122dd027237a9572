import { expect } from 'chai';
import { normaliseOrigin } from '../../../core/site/embedOrigins.js';

describe('normaliseOrigin', () => {
  it('writes an origin as browsers do', () => {
    expect(normaliseOrigin('https://Example.com/')).to.equal('https://example.com');
    expect(normaliseOrigin('https://shop.example.com:8443')).to.equal('https://shop.example.com:8443');
    expect(normaliseOrigin('http://localhost:5173')).to.equal('http://localhost:5173');
  });
  it('refuses paths, queries, credentials, plain http on the internet and other schemes (validation_failed)', () => {
    for (const bad of ['https://example.com/page', 'https://example.com?x=1', 'https://u:p@example.com', 'http://example.com', 'javascript:alert(1)', '*', 'example.com']) {
      expect(() => normaliseOrigin(bad), bad).to.throw().with.property('code', 'validation_failed');
    }
  });
});
