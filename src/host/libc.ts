// The machine's C library through koffi (one handle per JavaScript thread), and errno.
import koffi from 'koffi';

export const libc = koffi.load('libc.so.6');

/** errno of the calling thread, as the last C call left it. */
export function lastErrno(): number {
  return koffi.errno();
}

/** A C result in the kernel's convention: the value, or -errno when the call returned -1. */
export function sysret(ret: number | bigint): number {
  const n = Number(ret);
  return n === -1 ? -koffi.errno() : n;
}

/** The address of a symbol of the process (dlsym(RTLD_DEFAULT, name)), as a bigint. */
export function symbolAddress(name: string): bigint {
  const p: unknown = dlsym(null, name);
  if (p === null) throw new Error(`dlsym: symbol ${name} not found`);
  return BigInt(koffi.address(p));
}

const dlsym = libc.func('void *dlsym(void *handle, const char *symbol)');
