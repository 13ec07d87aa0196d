// kernel/signal.c on the real kernel: a signal's disposition for the process, kill and tgkill.
import { SIGCHLD } from '../abi/index.js';
import { libc, symbolAddress, sysret } from './libc.js';
import { SYS_tgkill } from './syscall-numbers.js';

const cSigaction = libc.func('int sigaction(int sig, void *act, void *oldact)');
const cKill = libc.func('int kill(int pid, int sig)');
const sys3 = libc.func('long syscall(long nr, long a, long b, long c)');

export type Disposition = 'catch' | 'ignore' | 'default';

/** include/uapi/asm-generic/signal-defs.h */
const SIG_DFL = 0n;
const SIG_IGN = 1n;
/** arch/x86/include/uapi/asm/signal.h */
const SA_RESTART = 0x10000000;

/** struct sigaction of glibc on x86_64: handler, a 128-byte sa_mask, sa_flags, sa_restorer. */
const SIGACTION_SIZE = 152;

let catcher: bigint | null = null;

/**
 * A handler that does nothing and is async-signal-safe: libc's getpid. Catching with it makes a
 * sleeping system call fail with EINTR, exactly as a real handler would, without running JavaScript.
 */
function catchHandler(): bigint {
  catcher ??= symbolAddress('getpid');
  return catcher;
}

// kernel/signal.c: do_sigaction — a caught signal restarts what it interrupts (SA_RESTART) unless `restart` is false
export function setDisposition(sig: number, action: Disposition, restart = true): number {
  const act = Buffer.alloc(SIGACTION_SIZE);
  const handler = action === 'catch' ? catchHandler() : action === 'ignore' ? SIG_IGN : SIG_DFL;
  act.writeBigUInt64LE(handler, 0);
  act.writeInt32LE(action === 'catch' && restart ? SA_RESTART : 0, 136);
  return sysret(cSigaction(sig | 0, act, null));
}

/**
 * The disposition a task process installs for a signal: as asked, except that SIGCHLD's default (which
 * ignores it) becomes SIG_IGN so that children are reaped by the kernel and never linger as zombies.
 */
export function installDisposition(sig: number, action: Disposition): number {
  return setDisposition(sig, sig === SIGCHLD && action === 'default' ? 'ignore' : action);
}

// kernel/signal.c: kill_pid_info via kill(2)
export function kill(pid: number, sig: number): number {
  return sysret(cKill(pid | 0, sig | 0));
}

// kernel/signal.c: do_tkill via tgkill(2)
export function tgkill(tgid: number, tid: number, sig: number): number {
  return sysret(sys3(SYS_tgkill, tgid, tid, sig));
}
