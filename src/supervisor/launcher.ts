// The launcher: a child of `semundo run` that undoes what Node changed, installs the seccomp filter, hands the
// listener to its parent over fd 3 (SCM_RIGHTS) and execs the command (fs/exec.c: the filter goes on).
import { readSync, writeSync } from 'node:fs';
import {
  RLIMIT_NOFILE,
  defaultDisposition,
  execvp,
  setRlimit,
  unblockAllSignals,
} from '../host/exec-setup.js';
import { sendFd, setCloseOnExec } from '../host/fd-passing.js';
import { closeFd } from '../host/pidfd.js';
import { installFilter, setNoNewPrivs, buildFilter } from '../host/seccomp-filter.js';
import {
  EXIT_CANNOT_EXECUTE,
  EXIT_LAUNCH_FAILED,
  EXIT_NOT_FOUND,
  type LaunchRequest,
} from './launch-request.js';

const SOCK = 3;
/**
 * Ignored dispositions survive exec: Node ignores SIGPIPE (13) and SIGXFSZ (25), and libc's posix_spawn
 * leaves its internal signals 32 and 33 ignored in the child. Other ignored ones (nohup's SIGHUP) were
 * inherited from whoever started `semundo run`, and stay.
 */
const RESET_TO_DEFAULT = [13, 25, 32, 33];
const ENOENT = 2;

/** n bytes of the request; null when the socket ends before the first (no session after all). */
function readExactly(n: number, first = false): Buffer | null {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const r = readSync(SOCK, buf, got, n - got, null);
    if (r === 0 && first && got === 0) return null;
    if (r === 0) fail('the supervisor closed the launch socket', EXIT_LAUNCH_FAILED);
    got += r;
  }
  return buf;
}

function fail(message: string, code: number): never {
  writeSync(2, `semundo run: ${message}\n`);
  process.exit(code);
}

/** The command's environment replaces the launcher's own (so execvp searches the command's PATH). */
function setEnvironment(env: Record<string, string>): void {
  for (const k of Object.keys(process.env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
}

function main(): void {
  // Started before `semundo run` has parsed its arguments: if it does not run a session after all
  // (bad usage, --help), it closes the socket before sending anything, and the launcher just ends.
  const head = readExactly(4, true);
  if (head === null) process.exit(0);
  const req = JSON.parse(readExactly(head.readUInt32LE(0))!.toString('utf8')) as LaunchRequest;
  setEnvironment(req.env);
  for (const fd of [0, 1, 2]) setCloseOnExec(fd, false);
  for (const sig of RESET_TO_DEFAULT) defaultDisposition(sig);
  unblockAllSignals();
  if (req.nofile) setRlimit(RLIMIT_NOFILE, BigInt(req.nofile.soft), BigInt(req.nofile.hard));
  if (req.noNewPrivs) {
    const r = setNoNewPrivs();
    if (r < 0) fail(`prctl(PR_SET_NO_NEW_PRIVS) failed with errno ${-r}`, EXIT_LAUNCH_FAILED);
  }
  const listener = installFilter(buildFilter(req.rules), true);
  if (listener < 0) {
    sendFd(SOCK, -1, Buffer.from(`seccomp(SECCOMP_SET_MODE_FILTER) failed with errno ${-listener}`));
    fail(`cannot install the seccomp filter (errno ${-listener})`, EXIT_LAUNCH_FAILED);
  }
  const sent = sendFd(SOCK, listener, Buffer.from('ok'));
  if (sent < 0) fail(`cannot hand the listener over (errno ${-sent})`, EXIT_LAUNCH_FAILED);
  closeFd(listener);
  closeFd(SOCK);
  const cmd = req.argv[0]!;
  const r = execvp(cmd, req.argv);
  fail(
    `${cmd}: ${r === -ENOENT ? 'command not found' : `cannot execute (errno ${-r})`}`,
    r === -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE,
  );
}

main();
