// mm/memfd.c on the real kernel: an anonymous, sealed, read-only file holding given bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { libc, sysret } from './libc.js';

const cMemfdCreate = libc.func('int memfd_create(const char *name, unsigned int flags)');
const cFcntl = libc.func('int fcntl(int fd, int cmd, long arg)');

const MFD_CLOEXEC = 1;
const MFD_ALLOW_SEALING = 2;
const F_ADD_SEALS = 1033;
/** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE */
const ALL_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

/**
 * A file descriptor, opened read-only and close-on-exec, of a memfd named `name` that holds `data`
 * and can never change; or -errno.
 */
export function readOnlyMemfd(name: string, data: Buffer): number {
  const fd = sysret(cMemfdCreate(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (fd < 0) return fd;
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    const s = sysret(cFcntl(fd, F_ADD_SEALS, ALL_SEALS));
    if (s < 0) return s;
    return openSync(`/proc/self/fd/${fd}`, 'r');
  } finally {
    closeSync(fd);
  }
}

const cLseek = libc.func('long lseek(int fd, long offset, int whence)');
const SEEK_SET = 0;

/** lseek(fd, pos, SEEK_SET): moves the position of the open file description fd shares with its copies. */
export function seekTo(fd: number, pos: number): number {
  return sysret(cLseek(fd, pos, SEEK_SET));
}
