// net/core/sock.c on the real kernel: SO_PEERCRED — who is at the other end of a Unix socket.
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';

const cGetsockopt = libc.func(
  'int getsockopt(int fd, int level, int name, unsigned long value, _Inout_ unsigned int *len)',
);
const SOL_SOCKET = 1;
const SO_PEERCRED = 17;

/** struct ucred of the peer (as it was when it connected), or -errno. */
export function peerCred(fd: number): { pid: number; uid: number; gid: number } | number {
  const b = nativeBuffer(12);
  const r = sysret(cGetsockopt(fd, SOL_SOCKET, SO_PEERCRED, b.address, [12]));
  if (r < 0) return r;
  return { pid: b.buf.readInt32LE(0), uid: b.buf.readUInt32LE(4), gid: b.buf.readUInt32LE(8) };
}
