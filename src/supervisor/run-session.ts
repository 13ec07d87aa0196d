// `semundo run`: starts the launcher and the serving thread, relays signals, reaps, and exits as the command did.
import { readFileSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { ControlServer } from './control-server.js';
import { RLIMIT_NOFILE, getRlimit } from '../host/exec-setup.js';
import { kill } from '../host/signals.js';
import { inForegroundOfTerminal } from '../host/tty.js';
import { reapChild, shellStatus } from '../host/spawn.js';
import { EXIT_LAUNCH_FAILED, encodeRequest, type LaunchRequest } from './launch-request.js';
import { RESERVED_FDS, trapRules } from './trapped-calls.js';
import { launcherProcess, servingThread } from './serving-thread.js';
import type { WorkerInput, WorkerReport } from './worker-main.js';

export interface RunOptions {
  argv: string[];
  env?: Record<string, string>;
  /** The virtual /proc files (default on); off, opens are not trapped at all. */
  virtualFiles?: boolean;
  /** --save: the session's image is written here when it ends, naming this producer. */
  save?: { path: string; producer: string };
}

/**
 * Signals sent to `semundo run` are passed on to the command (as sudo and timeout do). SIGINT, SIGQUIT
 * and SIGHUP are not while our process group is the foreground group of our terminal: the terminal
 * sent them to the whole group, the command included, which must not get them twice.
 */
const RELAYED = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const;
const FROM_TERMINAL: ReadonlySet<string> = new Set(['SIGHUP', 'SIGINT', 'SIGQUIT']);

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

/** Runs the command in a session; resolves with its shell exit status. */
export async function runSession(opts: RunOptions): Promise<number> {
  const env = opts.env ?? (process.env as Record<string, string>);
  const root = process.geteuid?.() === 0;
  const { pid, sock: mine } = launcherProcess();
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
  writeSync(mine, encodeRequest(req));

  let status: number | null = null;
  const reap = (): void => {
    for (;;) {
      const r = reapChild(-1);
      if (r === null || typeof r === 'number') return;
      if (r.pid === pid) status = r.status;
    }
  };
  process.on('SIGCHLD', reap);
  const relays = RELAYED.map((sig) => {
    const f = (): void => {
      if (FROM_TERMINAL.has(sig) && inForegroundOfTerminal()) return;
      kill(pid, sigNumber(sig));
    };
    process.on(sig, f);
    return [sig, f] as const;
  });

  const channel = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = {
    sock: mine,
    launcherPid: pid,
    virtualFiles,
    reservedFd,
    port: channel.port2,
    flag,
    save: opts.save ? { path: resolvePath(opts.save.path), producer: opts.save.producer } : null,
  };
  const worker = servingThread();
  worker.postMessage(input, [channel.port2]);
  let failure: string | null = null;
  let saveError: string | null = null;
  let control: Promise<ControlServer | null> = Promise.resolve(null);
  const info = {
    pid: process.pid,
    command: opts.argv,
    owner: process.geteuid?.() ?? 0,
    startedAt: Date.now(),
  };
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: WorkerReport) => {
      if (m.kind === 'failed') failure = m.message;
      if (m.kind === 'ended' && m.saveError) saveError = m.saveError;
      if (m.kind === 'started')
        control = ControlServer.start(info, {
          port: channel.port1,
          wakeFd: m.wakeFd,
          flag,
          tid: m.tid,
        }).catch((e: Error) => {
          writeSync(2, `semundo run: no control socket: ${e.message}\n`);
          return null;
        });
      else resolve();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
  (await control)?.close();
  channel.port1.close();
  await worker.terminate();
  while (status === null) {
    reap();
    if (status === null) await new Promise((r) => setTimeout(r, 5));
  }
  process.off('SIGCHLD', reap);
  for (const [sig, f] of relays) process.off(sig, f);
  if (saveError !== null) {
    writeSync(2, `semundo run: ${saveError}\n`);
    if (shellStatus(status) === 0) return EXIT_LAUNCH_FAILED;
  }
  if (failure !== null && shellStatus(status) === 0) {
    writeSync(2, `semundo run: ${failure}\n`);
    return EXIT_LAUNCH_FAILED;
  }
  return shellStatus(status);
}

function sigNumber(sig: (typeof RELAYED)[number]): number {
  return { SIGTERM: 15, SIGHUP: 1, SIGINT: 2, SIGQUIT: 3 }[sig];
}
