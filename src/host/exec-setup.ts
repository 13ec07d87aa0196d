// kernel/sys.c, kernel/signal.c and fs/exec.c on the real kernel: what a launcher resets before it execs.
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';

const cPrlimit = libc.func('int prlimit(int pid, int resource, unsigned long newlim, unsigned long oldlim)');
const cSigprocmask = libc.func('int sigprocmask(int how, unsigned long set, unsigned long oldset)');
const cExecvp = libc.func('int execvp(const char *file, const char **argv)');

export const RLIMIT_NOFILE = 7;
const SIG_SETMASK = 2;

/** The soft and hard limit of a resource of process `pid` (0: the caller), as decimal strings ("infinity" as-is). */
export function getRlimit(pid: number, resource: number): { soft: bigint; hard: bigint } | number {
  const old = nativeBuffer(16);
  const r = sysret(cPrlimit(pid, resource, 0, old.address));
  if (r < 0) return r;
  return { soft: old.buf.readBigUInt64LE(0), hard: old.buf.readBigUInt64LE(8) };
}

// kernel/sys.c: prlimit64 — 0 or -errno
export function setRlimit(resource: number, soft: bigint, hard: bigint): number {
  const lim = nativeBuffer(16);
  lim.buf.writeBigUInt64LE(soft, 0);
  lim.buf.writeBigUInt64LE(hard, 8);
  return sysret(cPrlimit(0, resource, lim.address, 0));
}

// kernel/signal.c: sigprocmask(SIG_SETMASK, {}) — the calling thread blocks nothing.
export function unblockAllSignals(): number {
  const empty = nativeBuffer(128);
  return sysret(cSigprocmask(SIG_SETMASK, empty.address, 0));
}

// fs/exec.c through libc's PATH search: returns only on failure, with -errno.
export function execvp(file: string, args: readonly string[]): number {
  return sysret(cExecvp(file, [...args, null]));
}

const sys4 = libc.func('long syscall(long nr, long a, long b, long c, long d)');
const SYS_rt_sigaction = 13;

/**
 * kernel/signal.c: rt_sigaction(sig, SIG_DFL) made directly, since libc refuses its own internal
 * signals (32 and 33), which its posix_spawn leaves ignored in the child.
 */
export function defaultDisposition(sig: number): number {
  const act = nativeBuffer(32);
  return sysret(sys4(SYS_rt_sigaction, sig, act.address, 0, 8));
}

const cPthreadSigmask = libc.func('int pthread_sigmask(int how, unsigned long set, unsigned long oldset)');
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;

/** The calling thread's mask of one signal, switched on and off cheaply (one prepared sigset). */
export class ThreadSignalMask {
  private readonly set = nativeBuffer(128);

  constructor(sig: number) {
    this.set.buf.writeBigUInt64LE(1n << BigInt(sig - 1), 0);
  }

  // kernel/signal.c: sigprocmask for this thread alone
  block(): void {
    cPthreadSigmask(SIG_BLOCK, this.set.address, 0);
  }

  unblock(): void {
    cPthreadSigmask(SIG_UNBLOCK, this.set.address, 0);
  }
}
