// What `semundo run` starts before the rest of the command has loaded, so that their start-up overlaps
// ours: the serving thread (worker-main.ts, which waits for its WorkerInput message) and the launcher
// (a node process of its own, which waits for its request on the launch socket).
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PR_SET_CHILD_SUBREAPER } from '../abi/index.js';
import { socketPair } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { setProcessFlag } from '../host/prctl.js';
import { spawnWithFd3 } from '../host/spawn.js';

export interface Launcher {
  pid: number;
  /** Our end of the launch socket. */
  sock: number;
}

let earlyLauncher: Launcher | null = null;

function spawnLauncher(): Launcher {
  // The session's orphans are re-parented to us, and stay our descendants (Yama's ptrace_scope=1).
  setProcessFlag(PR_SET_CHILD_SUBREAPER, 1);
  const [mine, theirs] = socketPair();
  const script = fileURLToPath(new URL('./launcher.js', import.meta.url));
  const pid = spawnWithFd3(process.execPath, [process.execPath, script], [], theirs);
  closeFd(theirs);
  if (pid < 0) {
    closeFd(mine);
    throw new Error(`cannot start the launcher (errno ${-pid})`);
  }
  return { pid, sock: mine };
}

/** The launcher started early, or a new one. */
export function launcherProcess(): Launcher {
  const l = earlyLauncher ?? spawnLauncher();
  earlyLauncher = null;
  return l;
}

let early: Worker | null = null;

function start(): Worker {
  return new Worker(new URL('./worker-main.js', import.meta.url), {
    // The worker's stdio stays its own: piping it to ours would set O_NONBLOCK on the command's stdio.
    stdout: true,
    stderr: true,
    // Its descriptors come from memfd_create, pidfd_open and the listener as well as from fs: fs must not
    // track (and warn about, at a stack trace's cost) those it did not open.
    trackUnmanagedFds: false,
  });
}

/** Starts the serving thread and the launcher now, for the session that is about to be set up. */
export function prestartSession(): void {
  early ??= start();
  earlyLauncher ??= spawnLauncher();
}

/** The thread started early, or a new one. */
export function servingThread(): Worker {
  const w = early ?? start();
  early = null;
  return w;
}
