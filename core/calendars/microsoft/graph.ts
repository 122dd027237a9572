/**
 * The official Graph client, pointed at MICROSOFT_GRAPH_URL (its host is added to
 * customHosts so the token is sent there; Graph only sends tokens over https).
 */
import { Client } from '@microsoft/microsoft-graph-client';
import type { MicrosoftSettings } from '../context.js';

export function createGraphClient(settings: MicrosoftSettings, getAccessToken: () => Promise<string>): Client {
  const url = new URL(settings.graphUrl);
  const parts = url.pathname.split('/').filter(Boolean);
  const version = parts.pop() ?? 'v1.0';
  const baseUrl = `${url.origin}/${parts.map((p) => `${p}/`).join('')}`;
  return Client.initWithMiddleware({ authProvider: { getAccessToken }, baseUrl, defaultVersion: version, customHosts: new Set([url.hostname]) });
}

/** The HTTP status of a failed Graph call. */
export function graphStatus(error: unknown): number | null {
  const e = error as { statusCode?: number };
  return typeof e?.statusCode === 'number' ? e.statusCode : null;
}
