// kernel/kcmp.c on the real kernel: whether two tasks share their System V undo list.
import { libc, sysret } from './libc.js';
import { SYS_kcmp } from './syscall-numbers.js';

const sys5 = libc.func('long syscall(long nr, long a, long b, long c, long d, long e)');

/** include/uapi/linux/kcmp.h */
const KCMP_SYSVSEM = 6;

/** 0 when both tasks hold the same undo list (or neither holds one), 1 or 2 otherwise, or -errno. */
export function kcmpSysvsem(tid1: number, tid2: number): number {
  return sysret(sys5(SYS_kcmp, tid1, tid2, KCMP_SYSVSEM, 0, 0));
}
