// A real multi-process server whose mutex is a System V semaphore: Apache httpd (Debian's apache2) with the
// prefork MPM and `Mutex sysvsem`, so that its workers take the accept mutex with semop(-1, SEM_UNDO) before
// accept() and give it back after. Workers are SIGKILLed while they hold it (asleep in epoll_wait on the two
// listeners) and while they sleep on it (in semtimedop); the kernel's undo (or the model's, under
// `semundo run`) must give the mutex back each time, or every other worker sleeps on it for ever and the
// server stops accepting. Run once on the kernel in a fresh IPC namespace and once under `semundo run`: every
// request is answered, the server stops cleanly on SIGTERM, and both see the same semaphore set (read by a CGI
// script, a process of the server: the namespace's /proc/sysvipc/sem, or the session's virtual one).
// First, to show that the mutex matters: with its holder SIGSTOPped no request is answered, and once that
// holder is SIGKILLed the same request is.
//
// httpd is started in a process group of its own: on SIGTERM prefork signals its whole group (killpg).
//
// Resets: a worker killed just after it accepted a connection takes that connection with it, and the client
// sees ECONNRESET ("socket hang up"). That connection was the killed worker's alone; it is not a failure to
// accept. Such a request is sent again (at most MAX_TRIES tries) and counted as a reset, not as lost: lost is
// a request that never gets its answer (refused, timed out, or reset MAX_TRIES times) or gets a wrong one.
// No request may be lost, there can be no more resets than kills (a prefork worker has one connection at a
// time), and the requests sent after the last kill must all succeed at the first try.
//
// Needs root (httpd binds, then its workers switch to User www-data) and `apt-get install -y apache2`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { nativeArgv, nativeSkipReason, runSkipReason, supervisedArgv } from './run-helpers.js';

const APACHE = '/usr/sbin/apache2';
const MODULES = ['mod_mpm_prefork.so', 'mod_authz_core.so', 'mod_cgi.so'].map(
  (m) => `/usr/lib/apache2/modules/${m}`,
);
/** test/supervisor/httpd in the source tree: the configuration template and the CGI script. */
const HTTPD_DIR = fileURLToPath(new URL('../../../test/supervisor/httpd/', import.meta.url));
const USER = 'www-data';
const BODY = 'hello from httpd\n';

/** Requests in the killing phase, how many at once, and each lane's pause between two of them. */
const REQUESTS = 300;
const LANES = 4;
const PACE_MS = 60;
/** At most this many kills, one per tick at most, only while this many workers are alive. */
const MAX_KILLS = 24;
const TICK_MS = 100;
const MIN_WORKERS = 2;
/** Each fourth kill is of a worker asleep on the mutex, the others of the one holding it. */
const SLEEPER_EVERY = 4;
/** What a run must have done for the test to mean something. */
const MIN_KILLS = 8;
const MIN_HOLDER_KILLS = 5;
/** Requests sent after the last kill, one at a time, each with a single try. */
const AFTER = 20;
const MAX_TRIES = 4;
const REQUEST_TIMEOUT_MS = 5_000;
/** How long a request must stay unanswered while the mutex holder is stopped. */
const STOPPED_MS = 700;
const START_MS = 15_000;
const STOP_MS = 10_000;

/** x86_64 syscall numbers, as /proc/<pid>/syscall shows them. */
const SEMOP = 65;
const SEMTIMEDOP = 220;
const EPOLL_WAIT = 232;
const EPOLL_PWAIT = 281;

const isRoot = process.geteuid?.() === 0;

function httpdSkipReason(): string | null {
  if (!isRoot) return 'httpd must start as root to switch its workers to User www-data';
  if (!existsSync(APACHE)) return `${APACHE} is missing (apt-get install -y apache2)`;
  const missing = MODULES.find((m) => !existsSync(m));
  if (missing) return `${missing} is missing (apt-get install -y apache2)`;
  if (idOf('/etc/passwd', USER) === null || idOf('/etc/group', USER) === null)
    return `there is no user and group ${USER}`;
  return null;
}

const skip = runSkipReason() ?? nativeSkipReason() ?? httpdSkipReason();
if (skip) console.log(`# SKIP httpd prefork with Mutex sysvsem: ${skip}`);

/** The numeric id of NAME in /etc/passwd or /etc/group, or null. */
function idOf(file: string, name: string): number | null {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined) return Number(f[2]);
  }
  return null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Two ports on 127.0.0.1 that were free a moment ago. */
async function freePorts(): Promise<[number, number]> {
  const one = (): Promise<{ port: number; close: () => Promise<void> }> =>
    new Promise((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const addr = s.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        resolve({ port, close: () => new Promise<void>((r) => s.close(() => r())) });
      });
    });
  const a = await one();
  const b = await one();
  await a.close();
  await b.close();
  return [a.port, b.port];
}

interface Answer {
  status: number;
  body: string;
}

/** GET http://127.0.0.1:PORT/PATH on a connection of its own; rejects after timeoutMs. */
function get(port: number, path: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end();
  });
}

function isReset(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

interface Proc {
  pid: number;
  ppid: number;
  state: string;
}

/** /proc/PID/stat's state and ppid, or null when it is gone. */
function stat(pid: number): Proc | null {
  let s: string;
  try {
    s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { pid, state: f[0]!, ppid: Number(f[1]) };
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** The live (not zombie) children of PARENT. */
function workersOf(parent: number): number[] {
  return allPids()
    .map(stat)
    .filter((p): p is Proc => p !== null && p.ppid === parent && p.state !== 'Z')
    .map((p) => p.pid);
}

/** The syscall PID is blocked in, from /proc/PID/syscall: a number, or null (running, or gone). */
function blockedIn(pid: number): number | null {
  try {
    const n = Number(readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0]);
    return Number.isInteger(n) && n >= 0 ? n : null;
  } catch {
    return null;
  }
}

/** Where in the kernel PID sleeps (/proc/PID/wchan), or '' when that is not shown here. */
function wchanOf(pid: number): string {
  try {
    const w = readFileSync(`/proc/${pid}/wchan`, 'utf8').trim();
    return w === '0' ? '' : w;
  } catch {
    return '';
  }
}

const inSemop = (nr: number | null): boolean => nr === SEMTIMEDOP || nr === SEMOP;
const inEpoll = (nr: number | null): boolean => nr === EPOLL_WAIT || nr === EPOLL_PWAIT;

/** Processes whose command line names FILE (the run's httpd.conf). */
function processesNaming(file: string): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(file);
    } catch {
      return false;
    }
  });
}

/** /proc/sysvipc/sem without the times (kept as 0 or nonzero), one array of columns per set. */
function semView(text: string): string[][] {
  const lines = text.trim().split('\n');
  assert.match(lines[0] ?? '', /^\s*key\s+semid\s+perms\s+nsems\s+uid\s+gid\s+cuid\s+cgid\s+otime\s+ctime/);
  return lines.slice(1).map((l) => {
    const c = l.trim().split(/\s+/);
    return [...c.slice(0, 8), ...c.slice(8, 10).map((t) => (t === '0' ? '0' : 'nonzero'))];
  });
}

interface Server {
  root: string;
  conf: string;
  ports: [number, number];
  /** The httpd parent, from its PidFile (under `semundo run`, a child of the semundo process). */
  parent: number;
  /** The process we started: httpd itself (unshare execs it), or `semundo run`. */
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning: () => boolean;
  output: () => string;
  errorLog: () => string;
}

/** Lays out ROOT and starts httpd on two free ports; resolves once it answers. */
async function startHttpd(mode: 'native' | 'semundo', root: string): Promise<Server> {
  for (const d of ['htdocs', 'logs', 'run']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(root, 0o755);
  chmodSync(join(root, 'htdocs'), 0o755);
  writeFileSync(join(root, 'htdocs', 'index.html'), BODY, { mode: 0o644 });
  copyFileSync(join(HTTPD_DIR, 'sem.cgi'), join(root, 'htdocs', 'sem.cgi'));
  chmodSync(join(root, 'htdocs', 'sem.cgi'), 0o755);
  const template = readFileSync(join(HTTPD_DIR, 'httpd.conf'), 'utf8');
  const conf = join(root, 'httpd.conf');
  const errorLogFile = join(root, 'logs', 'error.log');
  const errorLog = (): string => (existsSync(errorLogFile) ? readFileSync(errorLogFile, 'utf8') : '');

  let lastFailure = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const ports = await freePorts();
    const text = template
      .replaceAll('@ROOT@', root)
      .replaceAll('@PORT1@', String(ports[0]))
      .replaceAll('@PORT2@', String(ports[1]))
      .replaceAll('@USER@', USER)
      .replaceAll('@GROUP@', USER);
    writeFileSync(conf, text);
    rmSync(errorLogFile, { force: true });
    const httpd = [APACHE, '-f', conf, '-DFOREGROUND'];
    const argv = mode === 'native' ? nativeArgv(httpd) : supervisedArgv(httpd);
    // Its own process group: on SIGTERM prefork signals its whole group, which must not be ours.
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let running = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      }),
    );
    const pidFile = join(root, 'run', 'httpd.pid');
    const deadline = Date.now() + START_MS;
    let answered = false;
    while (running && Date.now() < deadline) {
      try {
        const a = await get(ports[0], '/index.html', 1_000);
        if (a.status === 200 && existsSync(pidFile)) {
          answered = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (answered) {
      const parent = Number(readFileSync(pidFile, 'utf8').trim());
      return {
        root,
        conf,
        ports,
        parent,
        pid: child.pid!,
        exited,
        isRunning: () => running,
        output: () => output,
        errorLog,
      };
    }
    if (running) {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
    lastFailure = `${mode}: httpd did not answer within ${START_MS} ms\n${output}\n${errorLog()}`;
    // Another process took a port between freePorts() and httpd's bind: try other ports.
    if (!/could not bind|Address already in use/.test(output + errorLog())) break;
  }
  throw new Error(lastFailure);
}

interface Stats {
  requests: number;
  resets: number;
  lost: string[];
  holderKills: number;
  sleeperKills: number;
  workersSeen: number;
  /** /proc/<pid>/wchan of workers seen asleep in semop/semtimedop (empty when wchan is not shown). */
  sleepersIn: Set<string>;
  /** The longest a request took, its tries included. */
  slowestMs: number;
  ms: number;
}

/**
 * REQUESTS requests in LANES lanes on the two listeners while a killer SIGKILLs workers: the one holding the
 * accept mutex (blocked in epoll_wait on the listeners) or, each SLEEPER_EVERY-th kill, one asleep on it.
 */
async function killWhileServing(s: Server): Promise<Stats> {
  const stats: Stats = {
    requests: 0,
    resets: 0,
    lost: [],
    holderKills: 0,
    sleeperKills: 0,
    workersSeen: 0,
    sleepersIn: new Set(),
    slowestMs: 0,
    ms: 0,
  };
  const seen = new Set<number>();
  const started = Date.now();
  let next = 0;
  let serving = true;

  const one = async (i: number): Promise<void> => {
    const port = s.ports[i % 2]!;
    for (let tries = 1; ; tries++) {
      try {
        const a = await get(port, '/index.html');
        if (a.status !== 200 || a.body !== BODY)
          stats.lost.push(`request ${i} on port ${port}: ${a.status} ${JSON.stringify(a.body.slice(0, 80))}`);
        return;
      } catch (e) {
        if (isReset(e) && tries < MAX_TRIES) {
          stats.resets++;
          continue;
        }
        stats.lost.push(`request ${i} on port ${port}, try ${tries}: ${(e as Error).message}`);
        return;
      }
    }
  };
  const lane = async (): Promise<void> => {
    while (next < REQUESTS) {
      const i = next++;
      stats.requests++;
      const t0 = Date.now();
      await one(i);
      stats.slowestMs = Math.max(stats.slowestMs, Date.now() - t0);
      await sleep(PACE_MS);
    }
  };
  const killer = async (): Promise<void> => {
    const maxTicks = Math.ceil(((REQUESTS / LANES) * (PACE_MS + 50)) / TICK_MS) + MAX_KILLS;
    for (let tick = 0; tick < maxTicks && serving; tick++) {
      await sleep(TICK_MS);
      const kills = stats.holderKills + stats.sleeperKills;
      if (kills >= MAX_KILLS || !s.isRunning()) return;
      const workers = workersOf(s.parent);
      for (const w of workers) seen.add(w);
      if (workers.length < MIN_WORKERS) continue;
      const wantSleeper = kills % SLEEPER_EVERY === SLEEPER_EVERY - 1;
      const syscalls = workers.map(blockedIn);
      // Where the sleepers sleep: in the kernel's semtimedop, or (under semundo run) held by seccomp.
      workers.forEach((w, k) => {
        if (!inSemop(syscalls[k]!)) return;
        const where = wchanOf(w);
        if (where && inSemop(blockedIn(w))) stats.sleepersIn.add(where.replace(/\.isra\.\d+$/, ''));
      });
      const target = workers.find((_, k) => (wantSleeper ? inSemop(syscalls[k]!) : inEpoll(syscalls[k]!)));
      if (target === undefined) continue;
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        continue; // it exited on its own
      }
      if (wantSleeper) stats.sleeperKills++;
      else stats.holderKills++;
    }
  };

  const lanes = Promise.all(Array.from({ length: LANES }, lane)).then(() => {
    serving = false;
  });
  await Promise.all([lanes, killer()]);
  for (const w of workersOf(s.parent)) seen.add(w);
  stats.workersSeen = seen.size;
  stats.ms = Date.now() - started;
  return stats;
}

/** The worker holding the accept mutex: blocked in epoll_wait on the listeners (waits up to 5 s for one). */
async function holderOf(s: Server): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const holder = workersOf(s.parent).find((w) => inEpoll(blockedIn(w)));
    if (holder !== undefined) return holder;
    await sleep(50);
  }
  throw new Error(`no worker of ${s.parent} is waiting for connections\n${s.errorLog()}`);
}

/**
 * The mutex really is what lets a worker accept: with its holder stopped (SIGSTOP), a request is not
 * answered, however many workers sleep on the mutex; once the holder is SIGKILLed, the undo gives the mutex
 * to one of them and the same request is answered. Resolves with how long it was answered after the kill.
 */
async function stopThenKillHolder(s: Server): Promise<number> {
  const holder = await holderOf(s);
  process.kill(holder, 'SIGSTOP');
  let answered = false;
  const pending = get(s.ports[0], '/index.html').finally(() => (answered = true));
  pending.catch(() => {}); // awaited below
  await sleep(STOPPED_MS);
  assert.equal(answered, false, `a request was answered while the mutex holder ${holder} was stopped`);
  const killed = Date.now();
  process.kill(holder, 'SIGKILL');
  const a = await pending;
  assert.equal(a.status, 200);
  assert.equal(a.body, BODY);
  return Date.now() - killed;
}

/** SIGTERM to the process we started (semundo relays it); its exit, within STOP_MS. */
async function stopHttpd(s: Server): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  process.kill(s.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), STOP_MS)));
  const r = await Promise.race([s.exited, timeout]);
  clearTimeout(timer);
  if (r === null) throw new Error(`httpd did not stop within ${STOP_MS} ms of SIGTERM\n${s.errorLog()}`);
  return r;
}

interface Outcome {
  stats: Stats;
  semBefore: string[][];
  semAfter: string[][];
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stopMs: number;
  /** Processes of this httpd still there a while after it exited. */
  leftover: number[];
  unstuckMs: number;
  output: string;
  errorLog: string;
}

/** Processes of the httpd run with CONF (they name it on their command line) still there after 2 s. */
async function leftoverOf(conf: string): Promise<number[]> {
  for (let i = 0; i < 20 && processesNaming(conf).length > 0; i++) await sleep(100);
  return processesNaming(conf);
}

async function exercise(mode: 'native' | 'semundo'): Promise<Outcome> {
  const root = mkdtempSync(join(tmpdir(), `semundo-httpd-${mode}-`));
  let s: Server | null = null;
  try {
    s = await startHttpd(mode, root);
    const before = await get(s.ports[1], '/sem.cgi');
    assert.equal(before.status, 200, `sem.cgi: ${before.status} ${before.body}\n${s.errorLog()}`);
    const unstuckMs = await stopThenKillHolder(s);
    const stats = await killWhileServing(s);
    for (let i = 0; i < AFTER; i++) {
      const a = await get(s.ports[i % 2]!, '/index.html').catch((e: Error) => ({
        status: 0,
        body: e.message,
      }));
      if (a.status !== 200 || a.body !== BODY)
        stats.lost.push(`after the kills, request ${i}: ${a.status} ${a.body.slice(0, 80)}`);
    }
    const after = await get(s.ports[0], '/sem.cgi');
    assert.equal(after.status, 200, `sem.cgi: ${after.status} ${after.body}\n${s.errorLog()}`);
    const t0 = Date.now();
    const exit = await stopHttpd(s);
    const stopMs = Date.now() - t0;
    return {
      leftover: await leftoverOf(s.conf),
      stats,
      semBefore: semView(before.body),
      semAfter: semView(after.body),
      exit,
      stopMs,
      unstuckMs,
      output: s.output(),
      errorLog: s.errorLog(),
    };
  } finally {
    if (s?.isRunning()) {
      process.kill(-s.pid, 'SIGKILL');
      await s.exited;
    }
    for (const pid of await leftoverOf(join(root, 'httpd.conf'))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function describeRun(mode: string, o: Outcome): string {
  const st = o.stats;
  return (
    `${mode}: ${st.requests} requests + ${AFTER} after, ${st.lost.length} lost, ${st.resets} resets retried; ` +
    `${st.holderKills + st.sleeperKills} workers killed (${st.holderKills} holding the accept mutex, ` +
    `${st.sleeperKills} asleep on it) of ${st.workersSeen} seen; ${(st.ms / 1000).toFixed(1)} s, ` +
    `slowest request ${st.slowestMs} ms; ` +
    `sleepers in ${[...st.sleepersIn].join(', ') || '(wchan not shown)'}; ` +
    `a stopped holder's request answered ${o.unstuckMs} ms after its kill; stopped in ${o.stopMs} ms`
  );
}

function check(mode: 'native' | 'semundo', o: Outcome): void {
  const st = o.stats;
  const kills = st.holderKills + st.sleeperKills;
  const log = `\n--- error log ---\n${o.errorLog}\n--- output ---\n${o.output}`;
  assert.deepEqual(st.lost, [], `${mode}: requests lost${log}`);
  assert.ok(st.resets <= kills, `${mode}: ${st.resets} resets for ${kills} kills${log}`);
  assert.ok(kills >= MIN_KILLS, `${mode}: only ${kills} workers killed${log}`);
  assert.ok(st.holderKills >= MIN_HOLDER_KILLS, `${mode}: only ${st.holderKills} mutex holders killed${log}`);
  assert.deepEqual(o.exit, { code: 0, signal: null }, `${mode}: httpd's exit after SIGTERM${log}`);
  assert.deepEqual(o.leftover, [], `${mode}: processes left after httpd exited${log}`);
  assert.match(o.errorLog, /AH00169: caught SIGTERM, shutting down/, `${mode}: no clean shutdown${log}`);
  assert.doesNotMatch(o.errorLog, /:(emerg|alert|crit)\]|accept mutex/i, `${mode}: errors logged${log}`);
  assert.equal(o.output, '', `${mode}: httpd wrote to its stdout or stderr`);
  // The accept mutex: one set of one semaphore, made by root and given to the workers' user (IPC_SET).
  const uid = String(idOf('/etc/passwd', USER));
  const gid = String(idOf('/etc/group', USER));
  assert.equal(o.semBefore.length, 1, `${mode}: /proc/sysvipc/sem: ${JSON.stringify(o.semBefore)}`);
  const [, , perms, nsems, owner, group, cuid, cgid, otime] = o.semBefore[0]!;
  assert.deepEqual(
    [perms, nsems, owner, group, cuid, cgid, otime],
    ['600', '1', uid, gid, '0', '0', 'nonzero'],
  );
  assert.deepEqual(o.semAfter, o.semBefore, `${mode}: the set changed under the kills`);
  // Who served the semop calls: the kernel natively; under semundo run, the supervisor (seccomp holds them).
  if (st.sleepersIn.size > 0) {
    const expected = mode === 'native' ? /semtimedop/ : /^seccomp_do_user_notification$/;
    for (const where of st.sleepersIn) assert.match(where, expected, `${mode}: a sleeper in ${where}`);
  }
}

describe(
  'httpd prefork with Mutex sysvsem: workers killed holding the accept mutex',
  { skip: skip ?? false },
  () => {
    it('keeps serving every request, on the kernel and under semundo run alike', async (t) => {
      const real = await exercise('native');
      t.diagnostic(describeRun('native', real));
      const ours = await exercise('semundo');
      t.diagnostic(describeRun('semundo run', ours));
      check('native', real);
      check('semundo', ours);
      assert.deepEqual(ours.semBefore, real.semBefore, 'the semaphore sets differ');
    });
  },
);
