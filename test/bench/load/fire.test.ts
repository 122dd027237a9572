import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fire, type BookingRequest } from '../../../bench/load/fire.js';

/** A stand-in for an API process: 201 with the invitee's e-mail as the id; `reset` drops the first N bookings' connections unanswered. */
function bookingServer(options: { reset?: number } = {}) {
  let toReset = options.reset ?? 0;
  const booked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      if (req.url === '/health') return void res.end('{"status":"ok"}');
      if (toReset > 0) {
        toReset -= 1;
        return void req.socket.destroy();
      }
      const email = (JSON.parse(body) as { invitee: { email: string } }).invitee.email;
      booked.push(email);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: email }));
    });
  });
  return { server, booked };
}

const listen = (server: Server, port = 0) => new Promise<number>((ok) => server.listen(port, '127.0.0.1', () => ok((server.address() as AddressInfo).port)));
const close = (server: Server) => new Promise<void>((ok) => server.close(() => ok()));
const queueOf = (n: number): BookingRequest[] => Array.from({ length: n }, (_, i) => ({ user: 'h', eventType: 'e', start: `2027-01-04T0${i % 10}:00:00Z`, email: `b${i}@x.test` }));

describe('bench/load/fire', function () {
  this.timeout(20_000);

  it('retries the bookings whose connection was refused until the process listens again, losing none', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await close(probe);
    const { server, booked } = bookingServer();
    // Nothing listens for the first 300 ms: every connection is refused, again and again.
    const late = new Promise<void>((ok) => setTimeout(() => void listen(server, port).then(() => ok()), 300));
    try {
      const result = await fire({ urls: [`http://127.0.0.1:${port}`], connections: 4, queue: queueOf(12) });
      expect(result.errorKinds.ECONNREFUSED ?? 0).to.be.greaterThan(0);
      expect(result.unanswered).to.equal(0);
      expect([...result.acknowledged].sort()).to.deep.equal(queueOf(12).map((b) => b.email).sort());
      expect(booked).to.have.length(12);
    } finally {
      await late;
      await close(server);
    }
  });

  it('retries a booking whose connection was reset before the answer', async () => {
    const { server, booked } = bookingServer({ reset: 3 });
    const port = await listen(server);
    try {
      const result = await fire({ urls: [`http://127.0.0.1:${port}`], connections: 3, queue: queueOf(9) });
      expect(result.unanswered).to.equal(0);
      expect(result.statuses[201]).to.equal(9);
      expect(new Set(booked).size).to.equal(9);
    } finally {
      await close(server);
    }
  });
});
