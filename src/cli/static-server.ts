import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';

/** Loopback only: the viewer is for the person at this machine. */
export const LOOPBACK = '127.0.0.1';

/** The content type of each file the viewer and a run folder hold; anything else is bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  // A lattice run's animated map: as bytes, with nosniff, the browser downloaded it.
  '.apng': 'image/apng',
  '.bin': 'application/octet-stream',
  '.parquet': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Sent with every response: no sniffing, no framing, nothing loaded from elsewhere. Scripts come
 * only from the server; `'wasm-unsafe-eval'` lets them compile WebAssembly (the engines' compiled
 * kernels, built from a scenario's numbers, never from its text), not evaluate JavaScript.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; frame-ancestors 'none'",
};

/** Where a URL prefix is served from. Routes are tried in order; the first whose prefix matches serves. */
export interface Route {
  /** A URL path prefix ending in `/`: `/run/`, or `/` for the rest. */
  readonly prefix: string;
  /** The folder served there. */
  readonly folder: string;
}

/** A running server: its URL, and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The content type for a file name. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves folders read-only on 127.0.0.1 (`port` 0: a free one). Only GET and HEAD; a folder's
 * `index.html` for a path ending in `/`. It refuses, with 403, any path that steps out of its
 * folder: `..` or `.` segments (also percent-encoded), backslashes, NUL bytes, and symbolic links
 * whose target lies outside the folder. It answers 421 to a Host that is not this address (a web
 * page elsewhere cannot reach it by DNS rebinding). Errors are one plain line, never a stack.
 */
export function serveFolders(routes: readonly Route[], port = 0): Promise<RunningServer> {
  const roots = routes.map((route) => ({ prefix: route.prefix, root: realpathSync(route.folder) }));
  const server = createServer((request, response) => {
    try {
      answer(request, response, roots, server.address() as AddressInfo);
    } catch {
      send(response, 500, 'Internal error');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${LOOPBACK}:${bound}/`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** What to answer a request: a file, or a status with a one-line message. */
type Answer = { file: string; size: number } | { status: number; message: string };

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  roots: readonly { prefix: string; root: string }[],
  address: AddressInfo,
): void {
  const result = decide(request, roots, address);
  if ('status' in result) {
    if (result.status === 405) response.setHeader('Allow', 'GET, HEAD');
    send(response, result.status, result.message);
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(result.file),
    'Content-Length': String(result.size),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(result.file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function decide(
  request: IncomingMessage,
  roots: readonly { prefix: string; root: string }[],
  address: AddressInfo,
): Answer {
  // Host names are case-insensitive: LOCALHOST is localhost.
  const allowedHosts = [`${LOOPBACK}:${address.port}`, `localhost:${address.port}`];
  if (!allowedHosts.includes((request.headers.host ?? '').toLowerCase()))
    return { status: 421, message: 'Misdirected request' };
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return { status: 405, message: 'Method not allowed' };
  const rawPath = (request.url ?? '/').split(/[?#]/, 1)[0]!;
  const segments = decodedSegments(rawPath);
  if (segments === undefined) return { status: 400, message: 'Bad request' };
  if (segments === 'forbidden') return FORBIDDEN;
  const path = `/${segments.join('/')}${rawPath.endsWith('/') && segments.length > 0 ? '/' : ''}`;
  const route = roots.find((r) => path.startsWith(r.prefix) || `${path}/` === r.prefix);
  if (route === undefined) return NOT_FOUND;
  const inside = path
    .slice(route.prefix.length)
    .split('/')
    .filter((s) => s !== '');
  const wantsIndex = path.endsWith('/') || inside.length === 0;
  const file = resolveInside(route.root, wantsIndex ? [...inside, 'index.html'] : inside);
  if (file === 'forbidden') return FORBIDDEN;
  return file ?? NOT_FOUND;
}

const FORBIDDEN = { status: 403, message: 'Forbidden' } as const;
const NOT_FOUND = { status: 404, message: 'Not found' } as const;

/**
 * The path's segments, percent-decoded; undefined for a malformed encoding, `forbidden` for a
 * segment that could step out (`.`, `..`) or hide one (a backslash, a NUL, an encoded slash).
 */
function decodedSegments(rawPath: string): string[] | 'forbidden' | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return 'forbidden';
    segments.push(segment);
  }
  return segments;
}

/**
 * The regular file at root/segments, if it exists and its real path (symbolic links followed)
 * lies inside root; `forbidden` when it exists but lies outside.
 */
function resolveInside(
  root: string,
  segments: readonly string[],
): { file: string; size: number } | 'forbidden' | undefined {
  let real: string;
  try {
    real = realpathSync(join(root, ...segments));
  } catch {
    return undefined;
  }
  if (real !== root && !real.startsWith(root + sep)) return 'forbidden';
  const stat = statSync(real, { throwIfNoEntry: false });
  return stat?.isFile() ? { file: real, size: stat.size } : undefined;
}

function send(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}
