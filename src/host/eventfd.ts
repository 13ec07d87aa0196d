// fs/eventfd.c on the real kernel: a counter one thread bumps to wake another that waits in epoll.
import { readSync, writeSync } from 'node:fs';
import { libc, sysret } from './libc.js';

const cEventfd = libc.func('int eventfd(unsigned int initval, int flags)');
const EFD_CLOEXEC = 0o2000000;
const EFD_NONBLOCK = 0o4000;

/** A non-blocking, close-on-exec eventfd, or -errno. */
export function eventFd(): number {
  return sysret(cEventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
}

const ONE = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]);

/** Adds one: the fd becomes readable. Safe from any thread. */
export function signalEventFd(fd: number): void {
  writeSync(fd, ONE);
}

/** Reads the counter back to zero (nothing when it is zero already). */
export function drainEventFd(fd: number): void {
  try {
    readSync(fd, Buffer.alloc(8));
  } catch {
    // EAGAIN: nothing was pending.
  }
}
