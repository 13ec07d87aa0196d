// mm/process_vm_access.c on the real kernel: reading and writing another process's memory.
import { EFAULT } from '../abi/index.js';
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
