// mm/memfd.c and mm/mmap.c on the real kernel: a memfd of a given size mapped MAP_SHARED, whose pages
// outlive the process that writes them as long as some process holds the memfd.
import koffi from 'koffi';
import { libc, sysret } from './libc.js';
import type { NativeBuffer } from './native-buffer.js';

const cMemfdCreate = libc.func('int memfd_create(const char *name, unsigned int flags)');
const cFtruncate = libc.func('int ftruncate(int fd, long length)');
const cMmap = libc.func(
  'void *mmap(void *addr, unsigned long length, int prot, int flags, int fd, long offset)',
);

const MFD_CLOEXEC = 1;
const PROT_READ = 1;
const PROT_WRITE = 2;
const MAP_SHARED = 1;
const MAP_FAILED = 0xffffffffffffffffn;

/** A close-on-exec memfd named `name`, `size` bytes long (its pages are allocated as they are written); or -errno. */
export function sizedMemfd(name: string, size: number): number {
  const fd = sysret(cMemfdCreate(name, MFD_CLOEXEC));
  if (fd < 0) return fd;
  const r = sysret(cFtruncate(fd, size));
  return r < 0 ? r : fd;
}

/** ftruncate(fd, size): 0 or -errno. */
export function truncateFile(fd: number, size: number): number {
  return sysret(cFtruncate(fd, size));
}

/** The first `size` bytes of `fd`, mapped shared and writable for the life of this thread's process. */
export function mapShared(fd: number, size: number): NativeBuffer {
  const p: unknown = cMmap(null, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  const address = p === null ? 0n : BigInt(koffi.address(p));
  if (address === 0n || address === MAP_FAILED) throw new Error(`mmap of ${size} bytes failed`);
  keep.push(p);
  return { buf: Buffer.from(koffi.view(p, size)), address: Number(address) };
}

const keep: unknown[] = [];
