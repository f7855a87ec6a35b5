import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The repository root. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A system Chromium, used when one is installed (else the one `@sparticuz/chromium` ships). */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags that keep Chromium off the network: it may reach only the page's own loopback server. */
const QUIET_FLAGS = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
];

/**
 * Starts headless Chromium for the viewer's tests, benchmark and screenshots: `UNDEAD_CHROMIUM`
 * if set, else a system Chromium, else the binary inside the `@sparticuz/chromium` package
 * (unpacked into the temporary folder on first use), so that `npm ci` is all a machine needs.
 */
export async function launchBrowser(): Promise<Browser> {
  const system = process.env.UNDEAD_CHROMIUM ?? SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system !== undefined)
    return chromium.launch({ executablePath: system, args: ['--no-sandbox', ...QUIET_FLAGS] });
  const packaged = (await import('@sparticuz/chromium')).default;
  return chromium.launch({
    executablePath: await packaged.executablePath(),
    args: [...packaged.args, ...QUIET_FLAGS],
  });
}

/**
 * A new page of `browser`, as `browser.newPage(options)`, on which functions handed to
 * `page.evaluate` may be named. tsx (which runs the tests, benchmark and screenshots) compiles
 * with esbuild's keepNames, so `const of = async () => …` inside such a function becomes
 * `__name(async () => …, "of")`, and the page, which has no `__name`, throws a ReferenceError.
 */
export async function openPage(browser: Browser, options?: Parameters<Browser['newPage']>[0]): Promise<Page> {
  const page = await browser.newPage(options);
  await page.addInitScript('globalThis.__name = (f) => f;');
  return page;
}

/** A running `undead view`: its URL and how to stop it. */
export interface ViewServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `undead view DIR` (the built `dist/cli/main.js`) and resolves once it prints its URL. */
export function startViewServer(dir: string, extra: readonly string[] = []): Promise<ViewServer> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'view', dir, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      resolve({
        url: line.trim(),
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`undead view exited with ${code}: ${err}`)));
  });
}

/** Builds the viewer into dist/web (Vite, about a second), so that what is tested is what `src` and `web` say. */
export async function buildViewer(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'error' });
}
