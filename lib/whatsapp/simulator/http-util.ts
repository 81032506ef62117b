/** Small node:http helpers shared by the Graph routes and the control API. */
import type { ServerResponse } from 'node:http';
import { parseJsonBytes } from '../../http/read-body';

/** Meta accepts webhook payloads up to 3 MB; requests to the simulator get the same ceiling. */
export const MAX_BODY = 3 * 1024 * 1024;

/** Parses a JSON body (lib/http/read-body.ts); undefined when it is not JSON (callers answer in their own error shape). */
export function parseJson(raw: Uint8Array): unknown {
  const r = parseJsonBytes(raw);
  return r.ok ? r.value : undefined;
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function writeText(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
