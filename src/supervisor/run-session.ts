// `semundo run`, the session's keeper: starts the launcher, holds what must outlive a server (the listener,
// the control socket, the journal), starts a server and another whenever one dies, relays signals, reaps,
// and exits as the command did.
import { chmodSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { RLIMIT_NOFILE, getRlimit } from '../host/exec-setup.js';
import { recvFd, recvMessage, sendFds } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { sizedMemfd } from '../host/shared-memory.js';
import { readOnlyMemfd } from '../host/memfd.js';
import { kill } from '../host/signals.js';
import { inForegroundOfTerminal } from '../host/tty.js';
import { listenUnix } from '../host/unix-listen.js';
import { reapChild, shellStatus } from '../host/spawn.js';
import { ownDir, type SessionInfo } from './control-server.js';
import { JOURNAL_BYTES } from './journal.js';
import { EXIT_LAUNCH_FAILED, encodeRequest, type LaunchRequest } from './launch-request.js';
import { socketPath } from './runtime-dir.js';
import {
  SERVER_ENDED,
  SERVER_ENDED_SAVE_FAILED,
  SERVER_FAILED,
  SERVER_READY,
  type BundleConfig,
  type BundleFd,
} from './server-bundle.js';
import { RESERVED_FDS, trapRules } from './trapped-calls.js';
import { launcherProcess, serverProcess, spawnServer, type Child } from './serving-thread.js';

export interface RunOptions {
  argv: string[];
  env?: Record<string, string>;
  /** The virtual /proc files (default on); off, opens are not trapped at all. */
  virtualFiles?: boolean;
  /** --save: the session's image is written here when it ends, naming this producer. */
  save?: { path: string; producer: string };
  /** Journal every change so that a new server can take over from one that dies (default on). */
  journal?: boolean;
  /** The producer snapshots and images name. */
  producer?: string;
  /** --restore: the text of the image (checked already) the session starts from. */
  restore?: string;
}

/**
 * Signals sent to `semundo run` are passed on to the command (as sudo and timeout do). SIGINT, SIGQUIT
 * and SIGHUP are not while our process group is the foreground group of our terminal: the terminal
 * sent them to the whole group, the command included, which must not get them twice.
 */
const RELAYED = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const;
const FROM_TERMINAL: ReadonlySet<string> = new Set(['SIGHUP', 'SIGINT', 'SIGQUIT']);
/** Servers that die one after another before serving: the session's semaphores are given up. */
const MAX_FAILED_STARTS = 5;
/** A spare server is started this long after the first one serves. */
const SPARE_DELAY_MS = 1000;

/** What the machine lacks for a session, or null when it has it all. */
export function sessionSupport(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `semundo run needs Linux on x86_64 (this is ${process.platform}/${process.arch})`;
  let actions: string;
  try {
    actions = readFileSync('/proc/sys/kernel/seccomp/actions_avail', 'utf8');
  } catch {
    return 'this kernel has no seccomp filters (/proc/sys/kernel/seccomp/actions_avail is missing)';
  }
  if (!actions.split(/\s+/).includes('user_notif'))
    return 'this kernel has no seccomp user notification (SECCOMP_RET_USER_NOTIF, Linux 5.0)';
  return null;
}

/** RLIMIT_NOFILE as our parent has it: what the command would have had without Node raising ours. */
function inheritedNofile(): LaunchRequest['nofile'] {
  const lim = getRlimit(process.ppid, RLIMIT_NOFILE);
  if (typeof lim === 'number') return null;
  return { soft: lim.soft.toString(), hard: lim.hard.toString() };
}

/** The first of the fd numbers at the top of the command's soft RLIMIT_NOFILE that hold writable virtual files. */
function reservedFdOf(nofile: LaunchRequest['nofile']): number | null {
  const soft = nofile ? BigInt(nofile.soft) : 1024n;
  if (soft < 64n) return null;
  return Number(soft > 0x7fffffffn ? 0x7fffffffn : soft) - RESERVED_FDS;
}

/** The control socket, bound where `semundo ps` looks for it (only its owner may connect); -1 if it cannot be. */
function controlSocket(info: SessionInfo): { fd: number; path: string | null } {
  try {
    ownDir(info.owner);
  } catch (e) {
    writeSync(2, `semundo run: no control socket: ${(e as Error).message}\n`);
    return { fd: -1, path: null };
  }
  const path = socketPath(info.owner, info.pid);
  rmSync(path, { force: true });
  const fd = listenUnix(path);
  if (fd < 0) {
    writeSync(2, `semundo run: no control socket at ${path} (errno ${-fd})\n`);
    return { fd: -1, path: null };
  }
  chmodSync(path, 0o600);
  return { fd, path };
}

/** Runs the command in a session; resolves with its shell exit status. */
export async function runSession(opts: RunOptions): Promise<number> {
  const env = opts.env ?? (process.env as Record<string, string>);
  const root = process.geteuid?.() === 0;
  const launcher = launcherProcess();
  let server: Child | null = serverProcess();
  const nofile = inheritedNofile();
  const virtualFiles = opts.virtualFiles ?? true;
  const reservedFd = virtualFiles ? reservedFdOf(nofile) : null;
  const req: LaunchRequest = {
    argv: opts.argv,
    env,
    nofile,
    noNewPrivs: !root,
    rules: trapRules({ execChangesCreds: root, virtualFiles, reservedFd }),
  };
  writeSync(launcher.sock, encodeRequest(req));

  let status: number | null = null;
  const relays = RELAYED.map((sig) => {
    const f = (): void => {
      if (FROM_TERMINAL.has(sig) && inForegroundOfTerminal()) return;
      kill(launcher.pid, sigNumber(sig));
    };
    process.on(sig, f);
    return [sig, f] as const;
  });

  const got = recvFd(launcher.sock, 256);
  closeFd(launcher.sock);
  const info: SessionInfo = {
    pid: process.pid,
    command: opts.argv,
    owner: process.geteuid?.() ?? 0,
    startedAt: Date.now(),
  };
  let failure: string | null = null;
  let saveFailed = false;
  const held: number[] = [];
  let control: { fd: number; path: string | null } = { fd: -1, path: null };
  if (typeof got === 'number' || got.fd < 0) {
    // The launcher said why (and exits 125) or ended early: no session.
    closeFd(server.sock);
    kill(server.pid, 15);
    server = null;
  } else {
    control = controlSocket(info);
    const journal = opts.journal ?? true;
    const mem = journal
      ? [
          sizedMemfd('semundo-journal', JOURNAL_BYTES),
          sizedMemfd('semundo-snapshot', 0),
          sizedMemfd('semundo-snapshot', 0),
        ]
      : [];
    if (mem.some((fd) => fd < 0)) failure = `cannot make the journal (errno ${-mem.find((fd) => fd < 0)!})`;
    const restoreFd =
      opts.restore === undefined ? -1 : readOnlyMemfd('semundo-restore', Buffer.from(opts.restore));
    if (opts.restore !== undefined && restoreFd < 0) failure = `cannot hold the image (errno ${-restoreFd})`;
    held.push(got.fd, control.fd, ...mem, restoreFd);
    const config: BundleConfig = {
      launcherPid: launcher.pid,
      virtualFiles,
      reservedFd,
      save: opts.save ? { path: resolvePath(opts.save.path), producer: opts.save.producer } : null,
      clockOrigin: process.hrtime.bigint().toString(),
      producer: opts.producer ?? 'semundo',
      journal: journal && failure === null,
      faults: process.env.SEMUNDO_FAULTS ?? '',
      snapshotAfter: Number(process.env.SEMUNDO_SNAPSHOT_AFTER) || null,
      info,
      restarts: 0,
      fds: [],
    };
    const named: [BundleFd, number][] = [
      ['listener', got.fd],
      ['control', control.fd],
      ...(config.journal
        ? ([
            ['journal', mem[0]!],
            ['snapshotA', mem[1]!],
            ['snapshotB', mem[2]!],
          ] as [BundleFd, number][])
        : []),
      ['restore', restoreFd],
    ];
    const sent = named.filter(([, fd]) => fd >= 0);
    config.fds = sent.map(([name]) => name);
    const give = (c: Child): void =>
      void sendFds(
        c.sock,
        sent.map(([, fd]) => fd),
        Buffer.from(JSON.stringify(config)),
      );
    give(server);

    let spare: Child | null = null;
    let spareTimer: NodeJS.Timeout | null = null;
    let failedStarts = 0;
    let ready = false;
    /** Whether the server has said it serves (its byte on the channel, read once). */
    const checkReady = (): void => {
      if (!server || ready) return;
      const m = recvMessage(server.sock);
      if (!(m instanceof Buffer && m.includes(SERVER_READY))) return;
      ready = true;
      failedStarts = 0;
      // The spare starts a while later: a short session never pays for it, a long one has it ready.
      if (config.journal && !spareTimer)
        spareTimer = setTimeout(() => void (spare ??= spawnServer()), SPARE_DELAY_MS);
    };
    const watchReady = setInterval(checkReady, 20);
    await new Promise<void>((resolveEnd) => {
      const resolve = (): void => {
        process.off('SIGCHLD', reap);
        clearInterval(poll);
        resolveEnd();
      };
      const reap = (): void => {
        for (;;) {
          const r = reapChild(-1);
          if (r === null || typeof r === 'number') return;
          if (r.pid === launcher.pid) status = r.status;
          if (spare && r.pid === spare.pid) {
            closeFd(spare.sock);
            spare = null;
          }
          if (!server || r.pid !== server.pid) continue;
          const code = r.status & 0x7f ? -1 : (r.status >> 8) & 0xff;
          checkReady();
          closeFd(server.sock);
          server = null;
          if (code === SERVER_ENDED || code === SERVER_ENDED_SAVE_FAILED || code === SERVER_FAILED) {
            saveFailed = code === SERVER_ENDED_SAVE_FAILED;
            if (code === SERVER_FAILED) failure = 'the session could not be served';
            return resolve();
          }
          const how = r.status & 0x7f ? `was killed by signal ${r.status & 0x7f}` : `exited with ${code}`;
          if (!process.env.SEMUNDO_FAULTS) writeSync(2, `semundo run: the server (pid ${r.pid}) ${how}\n`);
          failedStarts = ready ? 1 : failedStarts + 1;
          if (!config.journal || failedStarts > MAX_FAILED_STARTS) {
            writeSync(
              2,
              config.journal
                ? `semundo run: the server failed ${failedStarts} times in a row: the session's semaphores are lost\n`
                : `semundo run: the server died (no journal): the session's semaphores are lost\n`,
            );
            failure = 'the session lost its server';
            return resolve();
          }
          config.restarts++;
          server = spare ?? spawnServer();
          spare = null;
          if (spareTimer) clearTimeout(spareTimer);
          spareTimer = null;
          ready = false;
          give(server);
        }
      };
      process.on('SIGCHLD', reap);
      const poll = setInterval(reap, 100);
      reap();
    });
    clearInterval(watchReady);
    if (spareTimer) clearTimeout(spareTimer);
    if (config.restarts > 0)
      writeSync(
        2,
        `semundo run: the session's server was replaced ${config.restarts} time${config.restarts === 1 ? '' : 's'}\n`,
      );
    if (spare) {
      closeFd((spare as Child).sock);
      kill((spare as Child).pid, 15);
    }
  }
  for (const fd of held) if (fd >= 0) closeFd(fd);
  if (control.path) rmSync(control.path, { force: true });
  while (status === null) {
    for (;;) {
      const r = reapChild(-1);
      if (r === null || typeof r === 'number') break;
      if (r.pid === launcher.pid) status = r.status;
    }
    if (status === null) await new Promise((r) => setTimeout(r, 5));
  }
  for (const [sig, f] of relays) process.off(sig, f);
  if (saveFailed && shellStatus(status) === 0) return EXIT_LAUNCH_FAILED;
  if (failure !== null && shellStatus(status) === 0) {
    writeSync(2, `semundo run: ${failure}\n`);
    return EXIT_LAUNCH_FAILED;
  }
  return shellStatus(status);
}

function sigNumber(sig: (typeof RELAYED)[number]): number {
  return { SIGTERM: 15, SIGHUP: 1, SIGINT: 2, SIGQUIT: 3 }[sig];
}
