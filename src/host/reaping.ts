// kernel/exit.c on the real kernel: how task processes and the runner end together. The runner makes
// itself a child subreaper, so that a task process whose parent task died comes to it and can be
// reaped; the processes it starts die with it.
import { SIGKILL } from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { SYS_prctl } from './syscall-numbers.js';

const sys2 = libc.func('long syscall(long nr, long a, long b)');
const cWaitpid = libc.func('int waitpid(int pid, _Out_ int *status, int options)');

/** include/uapi/linux/prctl.h */
const PR_SET_PDEATHSIG = 1;
const PR_SET_CHILD_SUBREAPER = 36;

/** include/uapi/linux/wait.h */
const WNOHANG = 1;

// kernel/sys.c: prctl(PR_SET_CHILD_SUBREAPER)
export function becomeChildSubreaper(): number {
  return sysret(sys2(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1));
}

// kernel/sys.c: prctl(PR_SET_PDEATHSIG, SIGKILL) — the calling thread is killed when its parent dies.
// The setting is dropped by any later change of credentials, so it is made after them.
export function dieWithParent(): number {
  return sysret(sys2(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL));
}

// kernel/exit.c: kernel_wait4 — reaps `pid` if it is a dead child of this process; its pid, 0, or -errno.
export function reapIfDead(pid: number): number {
  const status = [0];
  return sysret(cWaitpid(pid, status, WNOHANG));
}
