// kernel/sys.c on the real kernel: prctl options of the calling process.
import { libc, sysret } from './libc.js';
import { SYS_prctl } from './syscall-numbers.js';

const sys3 = libc.func('long syscall(long nr, long a, long b, long c)');

/** prctl(option, value): 0 or -errno (PR_SET_CHILD_SUBREAPER, PR_SET_PDEATHSIG, …). */
export function setProcessFlag(option: number, value: number): number {
  return sysret(sys3(SYS_prctl, option, value, 0));
}
