// open/read/write/close of a file by the calling thread (its credentials and IPC namespace apply), as a
// scenario's read and write steps make them.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { libc, sysret } from './libc.js';
import { nodeErrno } from './node-errno.js';

const cWrite = libc.func('long write(int fd, void *buf, size_t count)');

/** Reads a file whole, `chunk` bytes per read(); the text, or -errno. */
export function readPath(path: string, chunk = 65536): { ret: number; text: string } | number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    return nodeErrno(e);
  }
  try {
    const buf = Buffer.alloc(chunk);
    const parts: Buffer[] = [];
    for (;;) {
      const n = readSync(fd, buf, 0, chunk, null);
      if (n === 0) break;
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    const all = Buffer.concat(parts);
    return { ret: all.length, text: all.toString('latin1') };
  } catch (e) {
    return nodeErrno(e);
  } finally {
    closeSync(fd);
  }
}

/** One write() of `data` (never a NULL buffer, even when empty); the bytes written, or -errno. */
export function writePath(path: string, data: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY);
  } catch (e) {
    return nodeErrno(e);
  }
  try {
    const bytes = Buffer.from(data, 'latin1');
    const buf = bytes.length > 0 ? bytes : Buffer.alloc(1);
    return sysret(cWrite(fd, buf, bytes.length));
  } finally {
    closeSync(fd);
  }
}
