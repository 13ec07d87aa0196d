// kernel/exit.c on the real kernel: the calling thread's id, and ending one thread or the whole process.
import { libc, sysret } from './libc.js';
import { SYS_exit, SYS_exit_group, SYS_gettid } from './syscall-numbers.js';

const sys1 = libc.func('long syscall(long nr, long a)');

// kernel/sys.c: gettid
export function gettid(): number {
  return sysret(sys1(SYS_gettid, 0));
}

// kernel/exit.c: do_exit — this thread alone ends at once (its undo list reference is dropped).
export function exitThread(code = 0): never {
  sys1(SYS_exit, code);
  throw new Error('exit returned');
}

// kernel/exit.c: do_group_exit — every thread of the process ends at once, nothing else runs.
export function exitGroup(code = 0): never {
  sys1(SYS_exit_group, code);
  throw new Error('exit_group returned');
}
