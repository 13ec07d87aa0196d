// kernel/seccomp.c on the real kernel: the listener's ioctls — receive a notification, answer it, check it.
import {
  NOTIF_ARCH,
  NOTIF_ARGS,
  NOTIF_ID,
  NOTIF_IP,
  NOTIF_NR,
  NOTIF_PID,
  SECCOMP_ADDFD_FLAG_SEND,
  SECCOMP_ADDFD_FLAG_SETFD,
  SECCOMP_IOCTL_NOTIF_ADDFD,
  SECCOMP_IOCTL_NOTIF_ID_VALID,
  SECCOMP_IOCTL_NOTIF_RECV,
  SECCOMP_IOCTL_NOTIF_SEND,
  SECCOMP_IOCTL_NOTIF_SET_FLAGS,
  SECCOMP_NOTIF_ADDFD_SIZE,
  SECCOMP_NOTIF_RESP_SIZE,
  SECCOMP_NOTIF_SIZE,
  SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP,
  SECCOMP_USER_NOTIF_FLAG_CONTINUE,
} from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { nativeBuffer, type NativeBuffer } from './native-buffer.js';

/** include/uapi/asm-generic/fcntl.h */
const O_CLOEXEC = 0o2000000;

const cIoctl = libc.func('int ioctl(int fd, unsigned long req, unsigned long arg)');

/** One received notification, decoded (arguments as bigints: they are full 64-bit registers). */
export interface Notification {
  id: bigint;
  /** The calling thread's id, in the listener's pid namespace. */
  tid: number;
  nr: number;
  arch: number;
  ip: bigint;
  args: readonly [bigint, bigint, bigint, bigint, bigint, bigint];
}

/** A listener with its own scratch memory; use it from one thread only. */
export class Listener {
  private readonly notif: NativeBuffer = nativeBuffer(SECCOMP_NOTIF_SIZE);
  private readonly resp: NativeBuffer = nativeBuffer(SECCOMP_NOTIF_RESP_SIZE);
  private readonly idBuf: NativeBuffer = nativeBuffer(8);
  private readonly addfd: NativeBuffer = nativeBuffer(SECCOMP_NOTIF_ADDFD_SIZE);

  constructor(readonly fd: number) {}

  /** SECCOMP_IOCTL_NOTIF_SET_FLAGS(SYNC_WAKE_UP): 0, or -errno where the kernel lacks it. */
  syncWakeUp(): number {
    return sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
  }

  /** SECCOMP_IOCTL_NOTIF_RECV: the next notification, or -errno (ENOENT: it was withdrawn). */
  recv(): Notification | number {
    const b = this.notif.buf;
    b.fill(0);
    const r = sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_RECV, this.notif.address));
    if (r < 0) return r;
    return {
      id: b.readBigUInt64LE(NOTIF_ID),
      tid: b.readUInt32LE(NOTIF_PID),
      nr: b.readInt32LE(NOTIF_NR),
      arch: b.readUInt32LE(NOTIF_ARCH),
      ip: b.readBigUInt64LE(NOTIF_IP),
      args: [0, 1, 2, 3, 4, 5].map((i) =>
        b.readBigUInt64LE(NOTIF_ARGS + i * 8),
      ) as unknown as Notification['args'],
    };
  }

  /** SECCOMP_IOCTL_NOTIF_SEND: the call returns `val`, or fails with `errno` (> 0). 0 or -errno (ENOENT: gone). */
  answer(id: bigint, val: number, errno = 0): number {
    return this.send(id, errno ? 0 : val, errno ? -errno : 0, 0);
  }

  /** SECCOMP_IOCTL_NOTIF_SEND with FLAG_CONTINUE: the real kernel runs the call. */
  continueCall(id: bigint): number {
    return this.send(id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
  }

  private send(id: bigint, val: number, error: number, flags: number): number {
    const b = this.resp.buf;
    b.writeBigUInt64LE(id, 0);
    b.writeBigInt64LE(BigInt(val), 8);
    b.writeInt32LE(error, 16);
    b.writeUInt32LE(flags, 20);
    return sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_SEND, this.resp.address));
  }

  /**
   * SECCOMP_IOCTL_NOTIF_ADDFD: installs a copy of our `srcfd` in the notified process (at `newfd`, or the
   * lowest free number) with O_CLOEXEC if asked; with `send`, the call also returns that number at once.
   * The number, or -errno.
   */
  addFd(id: bigint, srcfd: number, opts: { send: boolean; newfd?: number; cloexec: boolean }): number {
    const b = this.addfd.buf;
    let flags = opts.send ? SECCOMP_ADDFD_FLAG_SEND : 0;
    if (opts.newfd !== undefined) flags |= SECCOMP_ADDFD_FLAG_SETFD;
    b.writeBigUInt64LE(id, 0);
    b.writeUInt32LE(flags, 8);
    b.writeUInt32LE(srcfd, 12);
    b.writeUInt32LE(opts.newfd ?? 0, 16);
    b.writeUInt32LE(opts.cloexec ? O_CLOEXEC : 0, 20);
    return sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_ADDFD, this.addfd.address));
  }

  /** SECCOMP_IOCTL_NOTIF_ID_VALID: whether the thread still waits in this notification. */
  idValid(id: bigint): boolean {
    this.idBuf.buf.writeBigUInt64LE(id, 0);
    return sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_ID_VALID, this.idBuf.address)) === 0;
  }
}
