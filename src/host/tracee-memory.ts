// mm/process_vm_access.c on the real kernel: reading and writing another process's memory.
import { EFAULT, ENAMETOOLONG, ESRCH } from '../abi/index.js';

const PAGE = 4096;
import { libc, sysret } from './libc.js';
import { nativeBuffer, type NativeBuffer } from './native-buffer.js';
import { SYS_process_vm_readv, SYS_process_vm_writev } from './syscall-numbers.js';

const sys6 = libc.func('long syscall(long nr, long a, long b, long c, long d, long e, long f)');

/** Scratch memory and two iovecs (local, remote), reused for every copy; one thread only. */
export class TraceeMemory {
  private scratch: NativeBuffer = nativeBuffer(4096);
  private readonly iov: NativeBuffer = nativeBuffer(32);
  /** The two iovecs as 32-bit words: local base, local len, remote base, remote len (lo, hi each). */
  private readonly iovWords = new Uint32Array(this.iov.buf.buffer, this.iov.buf.byteOffset, 8);

  private ensure(len: number): void {
    if (len <= this.scratch.buf.length) return;
    let size = this.scratch.buf.length;
    while (size < len) size *= 2;
    this.scratch = nativeBuffer(size);
  }

  /** Addresses and lengths are Numbers below 2^53; each is written as two 32-bit halves. */
  private vm(nr: number, tid: number, remote: number, len: number): number {
    const w = this.iovWords;
    const base = this.scratch.address;
    w[0] = base % 0x1_0000_0000;
    w[1] = Math.floor(base / 0x1_0000_0000);
    w[2] = len;
    w[3] = 0;
    w[4] = remote % 0x1_0000_0000;
    w[5] = Math.floor(remote / 0x1_0000_0000);
    w[6] = len;
    w[7] = 0;
    return sysret(sys6(nr, tid, this.iov.address, 1, this.iov.address + 16, 1, 0));
  }

  /**
   * True when thread `tid` has no memory any more (kernel/exit.c: past exit_mm, so it will not run
   * again) or is gone: a one-byte read at address 0 says ESRCH, where a live thread's says EFAULT.
   */
  memoryGone(tid: number): boolean {
    return this.vm(SYS_process_vm_readv, tid, 0, 1) === -ESRCH;
  }

  /**
   * `len` bytes at `addr` of thread `tid`'s process, as a view valid until the next call; -EFAULT
   * when any of it is unreadable (as copy_from_user), or another -errno (EPERM, ESRCH) when the
   * process cannot be read at all.
   */
  read(tid: number, addr: number, len: number): Buffer | number {
    if (len === 0) return this.scratch.buf.subarray(0, 0);
    if (addr < 0) return -EFAULT;
    this.ensure(len);
    const n = this.vm(SYS_process_vm_readv, tid, addr, len);
    if (n < 0) return n;
    if (n !== len) return -EFAULT;
    return this.scratch.buf.subarray(0, len);
  }

  /**
   * A NUL-terminated string of at most `max` bytes (PATH_MAX), read a page at a time so that it never
   * reaches into an unmapped page past its end (as strncpy_from_user); -EFAULT, or -ENAMETOOLONG.
   */
  readString(tid: number, addr: number, max: number): Buffer | number {
    const parts: Buffer[] = [];
    let total = 0;
    let at = addr;
    while (total < max) {
      const len = Math.min(PAGE - (at % PAGE), max - total);
      const chunk = this.read(tid, at, len);
      if (typeof chunk === 'number') return chunk;
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, nul)));
        return Buffer.concat(parts);
      }
      parts.push(Buffer.from(chunk));
      total += len;
      at += len;
    }
    return -ENAMETOOLONG;
  }

  /** Writes `data` at `addr`: 0, -EFAULT when it does not all fit in writable memory, or -errno. */
  write(tid: number, addr: number, data: Buffer): number {
    if (data.length === 0) return 0;
    if (addr < 0) return -EFAULT;
    this.ensure(data.length);
    data.copy(this.scratch.buf);
    const n = this.vm(SYS_process_vm_writev, tid, addr, data.length);
    if (n < 0) return n;
    return n === data.length ? 0 : -EFAULT;
  }
}
