// fs/nsfs.c on the real kernel: the inode number that names the calling thread's IPC namespace.
import { statSync } from 'node:fs';

/** The inode of /proc/thread-self/ns/ipc, which readlink shows as "ipc:[<inode>]". */
export function ipcNamespaceInode(): number {
  return statSync('/proc/thread-self/ns/ipc').ino;
}
