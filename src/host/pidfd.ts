// kernel/pid.c and fs/eventpoll.c on the real kernel: pidfds that become readable at an exit, and epoll.
import { PIDFD_THREAD } from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { nativeBuffer, type NativeBuffer } from './native-buffer.js';
import { SYS_pidfd_open } from './syscall-numbers.js';

const sys2 = libc.func('long syscall(long nr, long a, long b)');
const cEpollCreate1 = libc.func('int epoll_create1(int flags)');
const cEpollCtl = libc.func('int epoll_ctl(int epfd, int op, int fd, unsigned long event)');
const cEpollWait = libc.func('int epoll_wait(int epfd, unsigned long events, int maxevents, int timeout)');
const cClose = libc.func('int close(int fd)');

const EPOLL_CLOEXEC = 0o2000000;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
export const EPOLLIN = 0x001;
export const EPOLLHUP = 0x010;
/** struct epoll_event is packed on x86_64: u32 events, u64 data. */
const EVENT_SIZE = 12;

// kernel/pid.c: pidfd_open — a process (or, with `thread`, one thread); readable once it has exited.
export function pidfdOpen(pid: number, thread: boolean): number {
  return sysret(sys2(SYS_pidfd_open, pid, thread ? PIDFD_THREAD : 0));
}

export function closeFd(fd: number): void {
  cClose(fd);
}

/** An epoll set whose entries carry a 64-bit tag; one thread only. */
export class Epoll {
  readonly fd: number;
  private readonly one: NativeBuffer = nativeBuffer(EVENT_SIZE);
  private readonly events: NativeBuffer;
  /** Tags (below 2^53) and events of the last wait, valid up to its count. */
  readonly tags: Float64Array;
  readonly ready: Uint32Array;

  constructor(readonly maxEvents = 256) {
    this.fd = sysret(cEpollCreate1(EPOLL_CLOEXEC));
    if (this.fd < 0) throw new Error(`epoll_create1 failed with errno ${-this.fd}`);
    this.events = nativeBuffer(EVENT_SIZE * maxEvents);
    this.tags = new Float64Array(maxEvents);
    this.ready = new Uint32Array(maxEvents);
  }

  add(fd: number, events: number, tag: number): number {
    this.one.buf.writeUInt32LE(events, 0);
    this.one.buf.writeUInt32LE(tag % 0x1_0000_0000, 4);
    this.one.buf.writeUInt32LE(Math.floor(tag / 0x1_0000_0000), 8);
    return sysret(cEpollCtl(this.fd, EPOLL_CTL_ADD, fd, this.one.address));
  }

  remove(fd: number): number {
    return sysret(cEpollCtl(this.fd, EPOLL_CTL_DEL, fd, this.one.address));
  }

  /** Waits up to `timeoutMs` (-1: forever); how many entries are ready (see tags, ready), or -errno (EINTR). */
  wait(timeoutMs: number): number {
    const n = sysret(cEpollWait(this.fd, this.events.address, this.maxEvents, timeoutMs));
    const b = this.events.buf;
    for (let i = 0; i < n; i++) {
      const at = i * EVENT_SIZE;
      this.ready[i] = b.readUInt32LE(at);
      this.tags[i] = b.readUInt32LE(at + 4) + b.readUInt32LE(at + 8) * 0x1_0000_0000;
    }
    return n;
  }

  close(): void {
    cClose(this.fd);
  }
}
