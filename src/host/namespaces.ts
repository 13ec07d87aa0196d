// kernel/nsproxy.c and ipc/namespace.c on the real kernel: unshare and setns of the calling thread.
import { closeSync, openSync } from 'node:fs';
import { CLONE_NEWIPC } from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { nodeErrno } from './node-errno.js';
import { SYS_setns, SYS_unshare } from './syscall-numbers.js';

const sys2 = libc.func('long syscall(long nr, long a, long b)');

// kernel/fork.c: ksys_unshare — CLONE_SYSVSEM detaches (and perhaps applies) the undo list.
export function unshare(flags: number): number {
  return sysret(sys2(SYS_unshare, flags | 0, 0));
}

// kernel/nsproxy.c: setns — joining an IPC namespace also detaches the undo list.
export function setns(fd: number, nstype: number): number {
  return sysret(sys2(SYS_setns, fd, nstype | 0));
}

/** Moves the calling thread into the IPC namespace named by a path (/proc/<pid>/ns/ipc, a held fd, ...). */
export function joinIpcNamespace(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return nodeErrno(e);
  }
  try {
    return setns(fd, CLONE_NEWIPC);
  } finally {
    closeSync(fd);
  }
}

/**
 * A new, empty IPC namespace, held by the returned file descriptor (close it to let the namespace go).
 * The calling thread goes in to create it and comes back to its own namespace.
 */
export function createIpcNamespace(): number {
  const home = openSync('/proc/thread-self/ns/ipc', 'r');
  try {
    const r = unshare(CLONE_NEWIPC);
    if (r < 0) throw new Error(`unshare(CLONE_NEWIPC) failed with errno ${-r}`);
    const fd = openSync('/proc/thread-self/ns/ipc', 'r');
    const back = setns(home, CLONE_NEWIPC);
    if (back < 0) throw new Error(`setns back to the original IPC namespace failed with errno ${-back}`);
    return fd;
  } finally {
    closeSync(home);
  }
}
