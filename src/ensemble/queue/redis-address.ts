import { flagError } from '../../core/errors.js';

/** Where a Redis server is: `--queue redis://HOST:PORT[/DB]`. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** The address as the user may see it, without a password. */
  readonly shown: string;
}

/** The port Redis listens on unless told otherwise. */
const DEFAULT_PORT = 6379;

/**
 * Reads `redis://HOST:PORT[/DB]` (the port defaults to 6379; `redis://:PASSWORD@HOST:PORT` and
 * `redis://USER:PASSWORD@…` pass credentials on). Anything else is an `InputError` at `flag`
 * (exit 2) that shows the expected form.
 */
export function parseRedisAddress(text: string, flag = '--queue'): RedisAddress {
  const wrong = (why: string) =>
    flagError(
      flag,
      `${why}: expected redis://HOST:PORT or redis://HOST:PORT/DB, such as redis://127.0.0.1:6379`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // WHATWG URLs refuse a port past 65535 outright: say so, not that it is no URL.
    const port = /^redis:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(text)?.[1];
    if (port !== undefined && Number(port) > 65535) throw wrong(`port '${port}' is not from 1 to 65535`);
    throw wrong(`'${text}' is not a URL`);
  }
  if (url.protocol === 'rediss:')
    throw wrong('TLS (rediss://) is not supported; reach Redis over a private network');
  if (url.protocol !== 'redis:') throw wrong(`'${url.protocol}//' is not redis://`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw wrong('the host is missing');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw wrong(`port '${url.port}' is not from 1 to 65535`);
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!/^\d{1,5}$/.test(path === '' ? '0' : path) || !Number.isInteger(db))
    throw wrong(`'/${path}' is not a database number`);
  if (url.search !== '' || url.hash !== '') throw wrong('query strings and fragments are not read');
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const shown = `redis://${hostPart}:${port}${db === 0 ? '' : `/${db}`}`;
  return { host, port, db, username, password, shown };
}
