// fs/exec.c on the real kernel: execv — the process keeps its pid, its undo list and its ignored
// signals; its other threads end.
import { libc, sysret } from './libc.js';

const cExecv = libc.func('int execv(const char *path, const char **argv)');

/** Returns only on failure, with -errno. */
export function execv(path: string, args: readonly string[]): number {
  return sysret(cExecv(path, [...args, null]));
}
