// net/unix/af_unix.c and net/core/scm.c on the real kernel: a socket pair and one fd sent by SCM_RIGHTS.
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';

const cSocketpair = libc.func('int socketpair(int domain, int type, int protocol, unsigned long sv)');
const cSendmsg = libc.func('long sendmsg(int fd, unsigned long msg, int flags)');
const cRecvmsg = libc.func('long recvmsg(int fd, unsigned long msg, int flags)');
const cRecv = libc.func('long recv(int fd, unsigned long buf, unsigned long len, int flags)');
const cShutdown = libc.func('int shutdown(int fd, int how)');
const cFcntl = libc.func('int fcntl(int fd, int cmd, long arg)');

const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_SEQPACKET = 5;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const MSG_CMSG_CLOEXEC = 0x40000000;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const FD_CLOEXEC = 1;

/** Two connected AF_UNIX sockets (stream, or seqpacket: one message per write), both close-on-exec. */
export function socketPair(kind: 'stream' | 'seqpacket' = 'stream'): [number, number] {
  const sv = nativeBuffer(8);
  const type = kind === 'stream' ? SOCK_STREAM : SOCK_SEQPACKET;
  const r = sysret(cSocketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv.address));
  if (r < 0) throw new Error(`socketpair failed with errno ${-r}`);
  return [sv.buf.readInt32LE(0), sv.buf.readInt32LE(4)];
}

/**
 * struct msghdr (56 bytes) with one iovec of `dataLen` bytes and room for `nfds` fds in one cmsg
 * (CMSG_SPACE: a 16-byte header and the ints, rounded up to 8): name, namelen, iov, iovlen, control,
 * controllen, flags.
 */
function message(dataLen: number, nfds = 1): { msg: number; head: Buffer; data: Buffer; cmsg: Buffer } {
  const space = 16 + Math.ceil((4 * nfds) / 8) * 8;
  const m = nativeBuffer(56 + 16 + dataLen + space);
  const iov = m.address + 56;
  const data = m.address + 72;
  const control = data + dataLen;
  m.buf.writeBigUInt64LE(BigInt(iov), 16);
  m.buf.writeBigUInt64LE(1n, 24);
  m.buf.writeBigUInt64LE(BigInt(control), 32);
  m.buf.writeBigUInt64LE(BigInt(space), 40);
  m.buf.writeBigUInt64LE(BigInt(data), 56);
  m.buf.writeBigUInt64LE(BigInt(dataLen), 64);
  return {
    msg: m.address,
    head: m.buf,
    data: m.buf.subarray(72, 72 + dataLen),
    cmsg: m.buf.subarray(72 + dataLen),
  };
}

/** Sends `payload` with `fd` attached (none when fd < 0): 0 or -errno. */
export function sendFd(sock: number, fd: number, payload: Buffer): number {
  return sendFds(sock, fd < 0 ? [] : [fd], payload);
}

/** Sends `payload` with the descriptors `fds` attached, in one message: 0 or -errno. */
export function sendFds(sock: number, fds: readonly number[], payload: Buffer): number {
  const { msg, head, data, cmsg } = message(payload.length, Math.max(1, fds.length));
  payload.copy(data);
  if (fds.length === 0) head.writeBigUInt64LE(0n, 40); // controllen 0: no fd
  cmsg.writeBigUInt64LE(BigInt(16 + 4 * fds.length), 0); // cmsg_len = CMSG_LEN(n * sizeof(int))
  cmsg.writeInt32LE(SOL_SOCKET, 8);
  cmsg.writeInt32LE(SCM_RIGHTS, 12);
  fds.forEach((fd, i) => cmsg.writeInt32LE(fd, 16 + 4 * i));
  const n = sysret(cSendmsg(sock, msg, 0));
  return n < 0 ? n : 0;
}

/** Receives up to `maxLen` bytes and the fd sent with them (close-on-exec), or -errno; fd -1 if none. */
export function recvFd(sock: number, maxLen: number): { fd: number; data: Buffer } | number {
  const r = recvFds(sock, maxLen, 1);
  return typeof r === 'number' ? r : { fd: r.fds[0] ?? -1, data: r.data };
}

/** Receives up to `maxLen` bytes and up to `maxFds` descriptors sent with them (close-on-exec), or -errno. */
export function recvFds(
  sock: number,
  maxLen: number,
  maxFds: number,
): { fds: number[]; data: Buffer } | number {
  const { msg, data, cmsg } = message(maxLen, maxFds);
  const n = sysret(cRecvmsg(sock, msg, MSG_CMSG_CLOEXEC));
  if (n < 0) return n;
  const len = Number(cmsg.readBigUInt64LE(0));
  const fds: number[] = [];
  if (len >= 20 && cmsg.readInt32LE(12) === SCM_RIGHTS)
    for (let off = 16; off + 4 <= len; off += 4) fds.push(cmsg.readInt32LE(off));
  return { fds, data: Buffer.from(data.subarray(0, n)) };
}

/** Clears or sets FD_CLOEXEC: 0 or -errno (EBADF for a closed fd). */
export function setCloseOnExec(fd: number, on: boolean): number {
  const cur = sysret(cFcntl(fd, F_GETFD, 0));
  if (cur < 0) return cur;
  return sysret(cFcntl(fd, F_SETFD, on ? cur | FD_CLOEXEC : cur & ~FD_CLOEXEC));
}

/** The file status flags of fd (O_NONBLOCK, …), or -errno. */
export function fileStatusFlags(fd: number): number {
  return sysret(cFcntl(fd, F_GETFL, 0));
}

export function setFileStatusFlags(fd: number, flags: number): number {
  return sysret(cFcntl(fd, F_SETFL, flags));
}

const MSG_DONTWAIT = 0x40;
const MSG_TRUNC = 0x20;
const SHUT_WR = 1;

let recvBuf: ReturnType<typeof nativeBuffer> | null = null;
const RECV_MAX = 1 << 20;

/** One message (seqpacket), without waiting: its bytes, null when none is queued (or at EOF), or -errno. */
export function recvMessage(fd: number): Buffer | null | number {
  const b = (recvBuf ??= nativeBuffer(RECV_MAX));
  const n = sysret(cRecv(fd, b.address, RECV_MAX, MSG_DONTWAIT | MSG_TRUNC));
  if (n === -11 || n === 0) return null;
  if (n < 0) return n;
  return Buffer.from(b.buf.subarray(0, Math.min(n, RECV_MAX)));
}

/** shutdown(SHUT_WR): the peer reads end-of-file. */
export function shutdownWrite(fd: number): number {
  return sysret(cShutdown(fd, SHUT_WR));
}
