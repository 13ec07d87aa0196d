// mm/process_vm_access.c on the real kernel: reading and writing another process's memory.
import { EFAULT, ENAMETOOLONG } from '../abi/index.js';

const PAGE = 4096;
import { libc, sysret } from './libc.js';
import { nativeBuffer, type NativeBuffer } from './native-buffer.js';
import { SYS_process_vm_readv, SYS_process_vm_writev } from './syscall-numbers.js';

const sys6 = libc.func('long syscall(long nr, long a, long b, long c, long d, long e, long f)');

/** Scratch memory and two iovecs (local, remote), reused for every copy; one thread only. */
export class TraceeMemory {
  private scratch: NativeBuffer = nativeBuffer(4096);
  private readonly iov: NativeBuffer = nativeBuffer(32);

  private ensure(len: number): void {
    if (len <= this.scratch.buf.length) return;
    let size = this.scratch.buf.length;
    while (size < len) size *= 2;
    this.scratch = nativeBuffer(size);
  }

  private vm(nr: number, tid: number, remote: bigint, len: number): number {
    const v = this.iov.buf;
    v.writeBigUInt64LE(BigInt(this.scratch.address), 0);
    v.writeBigUInt64LE(BigInt(len), 8);
    v.writeBigUInt64LE(remote, 16);
    v.writeBigUInt64LE(BigInt(len), 24);
    return sysret(sys6(nr, tid, this.iov.address, 1, this.iov.address + 16, 1, 0));
  }

  /**
   * `len` bytes at `addr` of thread `tid`'s process, as a view valid until the next call; -EFAULT
   * when any of it is unreadable (as copy_from_user), or another -errno (EPERM, ESRCH) when the
   * process cannot be read at all.
   */
  read(tid: number, addr: bigint, len: number): Buffer | number {
    if (len === 0) return this.scratch.buf.subarray(0, 0);
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
  readString(tid: number, addr: bigint, max: number): Buffer | number {
    const parts: Buffer[] = [];
    let total = 0;
    let at = addr;
    while (total < max) {
      const len = Math.min(PAGE - Number(at % BigInt(PAGE)), max - total);
      const chunk = this.read(tid, at, len);
      if (typeof chunk === 'number') return chunk;
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, nul)));
        return Buffer.concat(parts);
      }
      parts.push(Buffer.from(chunk));
      total += len;
      at += BigInt(len);
    }
    return -ENAMETOOLONG;
  }

  /** Writes `data` at `addr`: 0, -EFAULT when it does not all fit in writable memory, or -errno. */
  write(tid: number, addr: bigint, data: Buffer): number {
    if (data.length === 0) return 0;
    this.ensure(data.length);
    data.copy(this.scratch.buf);
    const n = this.vm(SYS_process_vm_writev, tid, addr, data.length);
    if (n < 0) return n;
    return n === data.length ? 0 : -EFAULT;
  }
}
