import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import type { RunningServer } from '../../server/compose.js';
import { startTestServer } from '../helpers/server.js';

/** Opens a raw TCP connection to the server. */
function open(server: RunningServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection (or `waitMs` passes: null). */
function readUntilClosed(socket: Socket, waitMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    const timer = setTimeout(() => resolve(null), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.once('error', () => {});
  });
}

describe('the HTTP server cuts slow and greedy clients', function () {
  this.timeout(60_000);
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', MAX_CONNECTIONS_PER_ADDRESS: '5' } });
  });
  after(() => server.close());

  it('answers 408 and closes a request stuck in its headers (HTTP_HEADERS_TIMEOUT_MS)', async () => {
    const socket = await open(server);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const answer = await readUntilClosed(socket, 15_000);
    expect(answer, 'the connection was still open after 15 s').not.to.equal(null);
    expect(answer).to.match(/^HTTP\/1\.1 408/);
  });

  it('answers 408 and closes a request whose body never finishes (HTTP_REQUEST_TIMEOUT_MS)', async () => {
    const socket = await open(server);
    socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":');
    const answer = await readUntilClosed(socket, 15_000);
    expect(answer, 'the connection was still open after 15 s').not.to.equal(null);
    expect(answer).to.match(/^HTTP\/1\.1 408/);
  });

  it('refuses connections beyond MAX_CONNECTIONS_PER_ADDRESS with 503, and serves again once they close', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => open(server)));
    try {
      const extra = await open(server);
      const answer = await readUntilClosed(extra, 10_000);
      expect(answer).to.match(/^HTTP\/1\.1 503/);
      expect(answer).to.match(/Retry-After: \d+/i);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
  });
});
