// The processes and the thread of a session, started before the rest of `semundo run` has loaded so that
// their start-up overlaps ours: the launcher (a node process that waits for its request on the launch
// socket), the server (a node process that waits for the session's descriptors, see server-main.ts), and,
// in the server, its serving thread (worker-main.ts, which waits for its WorkerInput message).
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PR_SET_CHILD_SUBREAPER } from '../abi/index.js';
import { socketPair } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { setProcessFlag } from '../host/prctl.js';
import { spawnWithFd3 } from '../host/spawn.js';

/** A child node process and our end of the socket that is its fd 3. */
export interface Child {
  pid: number;
  sock: number;
}

let earlyLauncher: Child | null = null;
let earlyServer: Child | null = null;

function spawnScript(name: string, env: readonly string[], ownGroup = false): Child {
  const [mine, theirs] = socketPair();
  const script = fileURLToPath(new URL(name, import.meta.url));
  const pid = spawnWithFd3(process.execPath, [process.execPath, script], env, theirs, ownGroup);
  closeFd(theirs);
  if (pid < 0) {
    closeFd(mine);
    throw new Error(`cannot start ${name} (errno ${-pid})`);
  }
  return { pid, sock: mine };
}

function spawnLauncher(): Child {
  // The session's orphans are re-parented to us, and stay our descendants (Yama's ptrace_scope=1).
  setProcessFlag(PR_SET_CHILD_SUBREAPER, 1);
  return spawnScript('./launcher.js', []);
}

/**
 * A new server process, waiting for the session's descriptors — in a process group of its own: signals
 * meant for the session's group (a terminal's ^C, httpd's killpg on SIGTERM) are not for it.
 */
export function spawnServer(): Child {
  const env = Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
  return spawnScript('./server-main.js', env, true);
}

/** The launcher started early, or a new one. */
export function launcherProcess(): Child {
  const l = earlyLauncher ?? spawnLauncher();
  earlyLauncher = null;
  return l;
}

/** The server started early, or a new one. */
export function serverProcess(): Child {
  const s = earlyServer ?? spawnServer();
  earlyServer = null;
  return s;
}

/** Starts the launcher and the first server now, for the session that is about to be set up. */
export function prestartSession(): void {
  earlyLauncher ??= spawnLauncher();
  earlyServer ??= spawnServer();
}

/** The serving thread of this server. */
export function servingThread(): Worker {
  return new Worker(new URL('./worker-main.js', import.meta.url), {
    // The worker's stdio stays its own: piping it to ours would set O_NONBLOCK on the command's stdio.
    stdout: true,
    stderr: true,
    // Its descriptors come from memfd_create, pidfd_open and the listener as well as from fs: fs must not
    // track (and warn about, at a stack trace's cost) those it did not open.
    trackUnmanagedFds: false,
  });
}
