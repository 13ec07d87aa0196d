// posix_spawn(3) and waitpid(2) on the real kernel: a child whose fd 3 is a given descriptor, and its reaping.
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';

const cActionsInit = libc.func('int posix_spawn_file_actions_init(unsigned long fa)');
const cActionsDup2 = libc.func('int posix_spawn_file_actions_adddup2(unsigned long fa, int fd, int newfd)');
const cActionsDestroy = libc.func('int posix_spawn_file_actions_destroy(unsigned long fa)');
const cSpawn = libc.func(
  'int posix_spawn(_Out_ int *pid, const char *path, unsigned long fa, unsigned long attr, const char **argv, const char **envp)',
);
const cWaitpid = libc.func('int waitpid(int pid, unsigned long status, int options)');
const cAttrInit = libc.func('int posix_spawnattr_init(unsigned long attr)');
const cAttrSetflags = libc.func('int posix_spawnattr_setflags(unsigned long attr, short flags)');
const cAttrSetpgroup = libc.func('int posix_spawnattr_setpgroup(unsigned long attr, int pgroup)');
const cAttrDestroy = libc.func('int posix_spawnattr_destroy(unsigned long attr)');

/** glibc's posix_spawnattr_t is 336 bytes. */
const ATTR_SIZE = 336;
const POSIX_SPAWN_SETPGROUP = 0x02;

/** glibc's posix_spawn_file_actions_t is 80 bytes. */
const FILE_ACTIONS_SIZE = 80;
const WNOHANG = 1;

/**
 * Starts `path` with argv and env, its fds 0-2 shared with ours and `fd3` as its fd 3 — in a process group
 * of its own if asked (signals sent to our group then do not reach it): the pid, or -errno.
 */
export function spawnWithFd3(
  path: string,
  argv: readonly string[],
  env: readonly string[],
  fd3: number,
  ownGroup = false,
): number {
  const fa = nativeBuffer(FILE_ACTIONS_SIZE);
  cActionsInit(fa.address);
  const attr = ownGroup ? nativeBuffer(ATTR_SIZE) : null;
  if (attr) {
    cAttrInit(attr.address);
    cAttrSetflags(attr.address, POSIX_SPAWN_SETPGROUP);
    cAttrSetpgroup(attr.address, 0);
  }
  try {
    // dup2 of an fd onto itself clears its FD_CLOEXEC, which Node sets on 0-2 at start-up.
    for (const fd of [0, 1, 2]) cActionsDup2(fa.address, fd, fd);
    const r = cActionsDup2(fa.address, fd3, 3);
    if (r !== 0) return -r;
    const pid = [0];
    const e = cSpawn(pid, path, fa.address, attr?.address ?? 0, [...argv, null], [...env, null]) as number;
    return e === 0 ? pid[0]! : -e;
  } finally {
    cActionsDestroy(fa.address);
    if (attr) cAttrDestroy(attr.address);
  }
}

/** One exited child of ours (pid -1: any), without waiting: {pid, status}, null if none has exited, or -errno. */
let statusBuf: ReturnType<typeof nativeBuffer> | null = null;

export function reapChild(pid = -1): { pid: number; status: number } | null | number {
  const st = (statusBuf ??= nativeBuffer(4));
  const r = sysret(cWaitpid(pid, st.address, WNOHANG));
  if (r < 0) return r;
  if (r === 0) return null;
  return { pid: r, status: st.buf.readInt32LE(0) };
}

/** The shell's view of a wait status: the exit code, or 128 + the signal that ended the process. */
export function shellStatus(status: number): number {
  const sig = status & 0x7f;
  return sig === 0 ? (status >> 8) & 0xff : 128 + sig;
}
