/** The real probes of a custom domain: a DNS TXT lookup and a plain HTTP GET, each with a timeout. */
import { Resolver } from 'node:dns/promises';
import { get } from 'node:http';
import type { DomainProbes } from './customDomains.js';

const TIMEOUT_MS = 5_000;

/** `connectTo` sends the HTTP check to that address instead of the domain's (tests, split-horizon DNS). */
export function createDomainProbes(options: { timeoutMs?: number; connectTo?: { host: string; port: number } } = {}): DomainProbes {
  const timeout = options.timeoutMs ?? TIMEOUT_MS;
  return {
    async txt(name) {
      const resolver = new Resolver({ timeout, tries: 1 });
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    },
    http(domain, path) {
      return new Promise((resolve) => {
        const target = options.connectTo ?? { host: domain, port: 80 };
        const req = get({ ...target, path, timeout, headers: { host: domain, 'user-agent': 'Yava domain verification' } }, (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return resolve(null);
          }
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
            if (body.length > 1000) req.destroy();
          });
          res.on('end', () => resolve(body));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(null));
      });
    },
  };
}
