import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { startTestServer } from '../../../helpers/server.js';

describe('the dashboard as an installable app (/app/manifest.webmanifest, icons, /app/sw.js)', () => {
  let server: RunningServer;
  before(async function () {
    this.timeout(180_000);
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('serves a manifest whose start URL, scope and PNG icons (192 and 512 px) are all there', async () => {
    const res = await fetch(`${server.url}/app/manifest.webmanifest`);
    expect(res.headers.get('content-type')).to.match(/^application\/manifest\+json/);
    const manifest = (await res.json()) as { icons: Array<{ src: string; sizes: string; type: string }> } & Record<string, unknown>;
    expect(manifest).to.include({ start_url: '/app', scope: '/app', display: 'standalone' });
    for (const icon of manifest.icons as Array<{ src: string; sizes: string; type: string }>) {
      const file = Buffer.from(await (await fetch(server.url + icon.src)).arrayBuffer());
      if (icon.type !== 'image/png') continue;
      expect(file.subarray(1, 4).toString()).to.equal('PNG');
      expect(`${file.readUInt32BE(16)}x${file.readUInt32BE(20)}`).to.equal(icon.sizes);
    }
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).to.include.members(['192x192', '512x512']);
  });

  it('serves the service worker with a scope over /app, revalidated on every visit, naming the current assets', async () => {
    const res = await fetch(`${server.url}/app/sw.js`);
    expect(res.headers.get('service-worker-allowed')).to.equal('/app');
    expect(res.headers.get('cache-control')).to.equal('no-cache');
    const page = await fetch(`${server.url}/app/login`).then((r) => r.text());
    const version = /dashboard\.js\?v=(\w+)/.exec(page)![1]!;
    expect(await res.text()).to.include(`var V = '${version}'`);
  });
});
