// Memory outside the JavaScript heap whose address can be handed to system calls, seen as a Buffer.
import koffi from 'koffi';

export interface NativeBuffer {
  /** The memory, shared with `address`. */
  readonly buf: Buffer;
  /** Its address, as a plain number (user-space addresses fit in 47 bits). */
  readonly address: number;
}

/** Zeroed memory that lives as long as the thread that made it (kept for reuse on a hot path). */
export function nativeBuffer(size: number): NativeBuffer {
  const mem: unknown = koffi.alloc('uint8_t', size);
  const buf = Buffer.from(koffi.view(mem, size));
  buf.fill(0);
  keep.push(mem);
  return { buf, address: Number(koffi.address(mem)) };
}

/** The allocations stay reachable, so their memory is never given back while a view may use it. */
const keep: unknown[] = [];
