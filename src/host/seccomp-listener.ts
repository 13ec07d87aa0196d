// kernel/seccomp.c on the real kernel: the listener's ioctls — receive a notification, answer it, check it.
import {
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
import { EINTR } from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { nativeBuffer, type NativeBuffer } from './native-buffer.js';

/** include/uapi/asm-generic/fcntl.h */
const O_CLOEXEC = 0o2000000;

const cIoctl = libc.func('int ioctl(int fd, unsigned long req, unsigned long arg)');

/**
 * The notification last received, read in place from the listener's buffer as 32-bit words (no copy, no
 * BigInt): valid until the next recv. argInt, argUint and argPtr read an argument as the kernel's C
 * types would; whoever answers later keeps a NotificationId.
 */
export class Notification {
  constructor(private readonly w: Int32Array) {}
  get idLo(): number {
    return this.w[0]! >>> 0;
  }
  get idHi(): number {
    return this.w[1]! >>> 0;
  }
  /** The calling thread's id, in the listener's pid namespace. */
  get tid(): number {
    return this.w[2]!;
  }
  get nr(): number {
    return this.w[4]!;
  }
  get arch(): number {
    return this.w[5]! >>> 0;
  }
  /** The low (signed) and high (unsigned) 32 bits of argument i. */
  lo(i: number): number {
    return this.w[8 + 2 * i]!;
  }
  hi(i: number): number {
    return this.w[9 + 2 * i]! >>> 0;
  }
}

/** The identity of a notification, enough to answer it later. */
export interface NotificationId {
  readonly idLo: number;
  readonly idHi: number;
}

/** An argument as a C int (its low 32 bits, signed). */
export const argInt = (n: Notification, i: number): number => n.lo(i);
/** An argument as a C unsigned int. */
export const argUint = (n: Notification, i: number): number => n.lo(i) >>> 0;
/**
 * An argument as a user-space pointer: a Number (exact below 2^53), or -1 for a value no user address
 * can have (the kernel's access_ok refuses it: EFAULT).
 */
export const argPtr = (n: Notification, i: number): number =>
  n.hi(i) >= 0x8000 ? -1 : n.hi(i) * 0x1_0000_0000 + (n.lo(i) >>> 0);
/** An argument as a size_t count, capped at INT_MAX (rw_verify_area's MAX_RW_COUNT is below it). */
export const argCount = (n: Notification, i: number): number =>
  n.hi(i) !== 0 || n.lo(i) < 0 ? 0x7fffffff : n.lo(i);
/** True for a NULL pointer argument. */
export const argIsNull = (n: Notification, i: number): boolean => n.lo(i) === 0 && n.hi(i) === 0;

/** An answer computed while answers were held. */
export interface HeldAnswer {
  id: NotificationId;
  val: number;
  error: number;
  flags: number;
}

/** A listener with its own scratch memory; use it from one thread only. */
export class Listener {
  private readonly notif: NativeBuffer;
  private readonly notifWords: Int32Array;
  private readonly note: Notification;
  private readonly resp: NativeBuffer = nativeBuffer(SECCOMP_NOTIF_RESP_SIZE);
  private readonly respWords = new Int32Array(
    this.resp.buf.buffer,
    this.resp.buf.byteOffset,
    SECCOMP_NOTIF_RESP_SIZE / 4,
  );
  private readonly idBuf: NativeBuffer = nativeBuffer(8);
  private readonly addfd: NativeBuffer = nativeBuffer(SECCOMP_NOTIF_ADDFD_SIZE);

  /** Answers kept instead of sent (see hold), by id. */
  private held: Map<string, HeldAnswer> | null = null;

  /** `notifMemory`: where notifications are received (80 bytes; the journal's slot outlives us). */
  constructor(
    readonly fd: number,
    notifMemory?: NativeBuffer,
  ) {
    this.notif = notifMemory ?? nativeBuffer(SECCOMP_NOTIF_SIZE);
    this.notifWords = new Int32Array(
      this.notif.buf.buffer,
      this.notif.buf.byteOffset,
      SECCOMP_NOTIF_SIZE / 4,
    );
    this.note = new Notification(this.notifWords);
  }

  /** The notification in the receive buffer (what the last recv got, or a killed server left there). */
  get last(): Notification {
    return this.note;
  }

  /**
   * From now until release(), answers are kept (the last one for each id) instead of sent: a replay
   * computes every answer again, and only those whose call still waits are sent.
   */
  hold(): void {
    this.held = new Map();
  }

  /** Stops keeping answers and returns those kept. */
  release(): HeldAnswer[] {
    const h = this.held;
    this.held = null;
    return h ? [...h.values()] : [];
  }

  /**
   * SEND, ADDFD and ID_VALID fail with EINTR, having done nothing, when a signal arrives as they take the
   * listener's lock or wait for the target: they are made again.
   */
  private ioctl(req: number, arg: number): number {
    for (;;) {
      const r = sysret(cIoctl(this.fd, req, arg));
      if (r !== -EINTR) return r;
    }
  }

  /** SECCOMP_IOCTL_NOTIF_SET_FLAGS(SYNC_WAKE_UP): 0, or -errno where the kernel lacks it. */
  syncWakeUp(): number {
    return sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP));
  }

  /** SECCOMP_IOCTL_NOTIF_RECV: the next notification (valid until the next recv), or -errno (ENOENT: withdrawn). */
  recv(): Notification | number {
    this.notifWords.fill(0);
    const r = sysret(cIoctl(this.fd, SECCOMP_IOCTL_NOTIF_RECV, this.notif.address));
    return r < 0 ? r : this.note;
  }

  /** SECCOMP_IOCTL_NOTIF_SEND: the call returns `val`, or fails with `errno` (> 0). 0 or -errno (ENOENT: gone). */
  answer(id: NotificationId, val: number, errno = 0): number {
    return this.send(id, errno ? 0 : val, errno ? -errno : 0, 0);
  }

  /** SECCOMP_IOCTL_NOTIF_SEND with FLAG_CONTINUE: the real kernel runs the call. */
  continueCall(id: NotificationId): number {
    return this.send(id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
  }

  /** `val` is at most a C int or an fd here: its high half is its sign. */
  private send(id: NotificationId, val: number, error: number, flags: number): number {
    if (this.held) {
      this.held.set(`${id.idLo}:${id.idHi}`, { id: { idLo: id.idLo, idHi: id.idHi }, val, error, flags });
      return 0;
    }
    return this.sendNow(id, val, error, flags);
  }

  /** Sends an answer kept by hold(). */
  sendHeld(a: HeldAnswer): number {
    return this.sendNow(a.id, a.val, a.error, a.flags);
  }

  private sendNow(id: NotificationId, val: number, error: number, flags: number): number {
    const w = this.respWords;
    w[0] = id.idLo;
    w[1] = id.idHi;
    w[2] = val;
    w[3] = val < 0 ? -1 : 0;
    w[4] = error;
    w[5] = flags;
    return this.ioctl(SECCOMP_IOCTL_NOTIF_SEND, this.resp.address);
  }

  /**
   * SECCOMP_IOCTL_NOTIF_ADDFD: installs a copy of our `srcfd` in the notified process (at `newfd`, or the
   * lowest free number) with O_CLOEXEC if asked; with `send`, the call also returns that number at once.
   * The number, or -errno.
   */
  addFd(
    id: NotificationId,
    srcfd: number,
    opts: { send: boolean; newfd?: number; cloexec: boolean },
  ): number {
    const b = this.addfd.buf;
    let flags = opts.send ? SECCOMP_ADDFD_FLAG_SEND : 0;
    if (opts.newfd !== undefined) flags |= SECCOMP_ADDFD_FLAG_SETFD;
    b.writeUInt32LE(id.idLo, 0);
    b.writeUInt32LE(id.idHi, 4);
    b.writeUInt32LE(flags, 8);
    b.writeUInt32LE(srcfd, 12);
    b.writeUInt32LE(opts.newfd ?? 0, 16);
    b.writeUInt32LE(opts.cloexec ? O_CLOEXEC : 0, 20);
    return this.ioctl(SECCOMP_IOCTL_NOTIF_ADDFD, this.addfd.address);
  }

  /** SECCOMP_IOCTL_NOTIF_ID_VALID: whether the thread still waits in this notification. */
  idValid(id: NotificationId): boolean {
    this.idBuf.buf.writeUInt32LE(id.idLo, 0);
    this.idBuf.buf.writeUInt32LE(id.idHi, 4);
    return this.ioctl(SECCOMP_IOCTL_NOTIF_ID_VALID, this.idBuf.address) === 0;
  }
}
