// A real server: Apache httpd prefork with `Mutex sysvsem` (its workers take a System V semaphore
// around accept()), its requests per second under `semundo run` against the same server run natively.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './figure.js';
import { inOwnIpcNamespace } from './c-programs.js';
import type { Plan } from './plan.js';
import { REPO_ROOT } from './paths.js';
import { SEMUNDO_MAIN } from './run-programs.js';
import { median } from './stats.js';

type Log = (line: string) => void;
const APACHE = '/usr/sbin/apache2';
const CONF = join(REPO_ROOT, 'test', 'supervisor', 'httpd', 'httpd.conf');
const USER = 'www-data';

function skipReason(): string | null {
  if (process.geteuid?.() !== 0) return 'httpd must start as root';
  if (!existsSync(APACHE)) return `${APACHE} is missing (apt-get install -y apache2-bin)`;
  if (spawnSync('id', [USER]).status !== 0) return `there is no user ${USER}`;
  if (!inOwnIpcNamespace()) return 'unshare --ipc does not work here';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function get(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/index.html', agent: false }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end();
  });
}

/** REQUESTS GETs, LANES at a time, each on a connection of its own; requests per second. */
async function load(port: number, requests: number, lanes: number): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next++ < requests) await get(port);
    }),
  );
  return requests / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Starts httpd (natively in a fresh IPC namespace, or under semundo run), loads it, stops it. */
async function measure(mode: 'native' | 'semundo', plan: Plan): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'semundo-bench-httpd-'));
  try {
    for (const d of ['htdocs', 'logs', 'run']) mkdirSync(join(root, d));
    chmodSync(root, 0o755);
    chmodSync(join(root, 'htdocs'), 0o755);
    writeFileSync(join(root, 'htdocs', 'index.html'), 'hello from httpd\n', { mode: 0o644 });
    const ports = [await freePort(), await freePort()];
    const conf = join(root, 'httpd.conf');
    writeFileSync(
      conf,
      readFileSync(CONF, 'utf8')
        .replaceAll('@ROOT@', root)
        .replaceAll('@PORT1@', String(ports[0]))
        .replaceAll('@PORT2@', String(ports[1]))
        .replaceAll('@USER@', USER)
        .replaceAll('@GROUP@', USER),
    );
    const httpd = [APACHE, '-f', conf, '-DFOREGROUND'];
    const argv =
      mode === 'native'
        ? ['unshare', '--ipc', ...httpd]
        : [process.execPath, SEMUNDO_MAIN, 'run', '--', ...httpd];
    // Its own process group: prefork signals its whole group on SIGTERM.
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    try {
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          await get(ports[0]!);
          break;
        } catch (e) {
          if (Date.now() > deadline)
            throw new Error(`httpd (${mode}) did not answer: ${(e as Error).message}`, { cause: e });
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      await load(ports[0]!, Math.min(200, plan.run.httpd.requests), plan.run.httpd.lanes);
      return await load(ports[0]!, plan.run.httpd.requests, plan.run.httpd.lanes);
    } finally {
      process.kill(child.pid!, 'SIGTERM');
      const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runHttpdFigures(plan: Plan, log: Log): Promise<Figure[]> {
  const skip = skipReason();
  if (skip) {
    log(`run.httpd: skipped, ${skip}`);
    return [];
  }
  log('run.httpd: Apache httpd prefork (Mutex sysvsem), natively and under semundo run, taking turns');
  const ours: number[] = [];
  const native: number[] = [];
  for (let i = 0; i < plan.run.runs; i++) {
    native.push(await measure('native', plan));
    ours.push(await measure('semundo', plan));
  }
  return [
    {
      name: 'run.httpd.requests',
      value: median(ours),
      unit: 'ops/s',
      better: 'higher',
      baseline: 'httpd-native',
      baselineValue: median(native),
      note: `GET of a static page, a new connection each, ${plan.run.httpd.lanes} at once, ${plan.run.httpd.requests} per run; 10 prefork workers taking a SysV semaphore around accept()`,
    },
  ];
}
