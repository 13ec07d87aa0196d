// net/unix/af_unix.c on the real kernel: a listening AF_UNIX stream socket bound to a path, as a bare fd that
// can be handed to another process (which accepts on it while we keep it open).
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';
import { closeFd } from './pidfd.js';

const cSocket = libc.func('int socket(int domain, int type, int protocol)');
const cBind = libc.func('int bind(int fd, unsigned long addr, unsigned int len)');
const cListen = libc.func('int listen(int fd, int backlog)');

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
/** struct sockaddr_un: sun_family (2 bytes), sun_path[108]. */
const SOCKADDR_UN_SIZE = 110;
const BACKLOG = 128;

/** A close-on-exec socket listening at `path` (which must not exist), or -errno. */
export function listenUnix(path: string): number {
  const name = Buffer.from(path, 'utf8');
  if (name.length >= SOCKADDR_UN_SIZE - 2) return -36; // ENAMETOOLONG
  const fd = sysret(cSocket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd < 0) return fd;
  const addr = nativeBuffer(SOCKADDR_UN_SIZE);
  addr.buf.writeUInt16LE(AF_UNIX, 0);
  name.copy(addr.buf, 2);
  let r = sysret(cBind(fd, addr.address, 2 + name.length + 1));
  if (r === 0) r = sysret(cListen(fd, BACKLOG));
  if (r < 0) {
    closeFd(fd);
    return r;
  }
  return fd;
}
