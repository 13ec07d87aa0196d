// kernel/fork.c: clone of the calling thread into a new process that at once executes a program.
// A Node.js process cannot keep running JavaScript in a forked child, so the child is made to call
// execv before anything else: glibc's clone() runs setcontext on a context taken by getcontext and
// patched to "return" into execv(path, argv). With CLONE_SYSVSEM the child shares the caller's undo
// list, and execve keeps it.
import koffi from 'koffi';
import { libc, symbolAddress, sysret } from './libc.js';

const cGetcontext = libc.func('int getcontext(uint64_t ucp)');
const cClone = libc.func('int clone(uint64_t fn, uint64_t stack, int flags, uint64_t arg)');

/** glibc's ucontext_t on x86_64: 968 bytes; uc_mcontext.gregs at offset 40, 8 bytes per register. */
const UCONTEXT_SIZE = 968;
const GREGS = 40;
const REG_RDI = 8;
const REG_RSI = 9;
const REG_RSP = 15;
const REG_RIP = 16;
const STACK_SIZE = 64 * 1024;

/** argv as C wants it, for memory at `base`: a NULL-terminated pointer array, then the strings. */
function cArgv(base: bigint, args: readonly string[]): Buffer {
  const strings = args.map((s) => Buffer.from(`${s}\0`, 'utf8'));
  const table = 8 * (strings.length + 1);
  const buf = Buffer.alloc(table + strings.reduce((n, s) => n + s.length, 0));
  let off = table;
  strings.forEach((s, i) => {
    buf.writeBigUInt64LE(base + BigInt(off), 8 * i);
    s.copy(buf, off);
    off += s.length;
  });
  return buf;
}

/**
 * clone(flags) then execv(path, args) in the child (args[0] is argv[0]). Returns the child's pid or
 * -errno. The child keeps only the file descriptors not marked close-on-exec (Node marks all of its own).
 */
export function cloneExec(flags: number, path: string, args: readonly string[]): number {
  const pathBytes = Buffer.from(`${path}\0`, 'utf8');
  const argvBytes = cArgv(0n, args).length;
  const size = STACK_SIZE + 16 + UCONTEXT_SIZE + pathBytes.length + argvBytes + 16;
  const mem: unknown = koffi.alloc('uint8_t', size);
  try {
    const base = BigInt(koffi.address(mem));
    const view = Buffer.from(koffi.view(mem, size));
    const stackTop = (base + BigInt(STACK_SIZE)) & ~15n;
    const uc = stackTop + 16n;
    const pathAt = uc + BigInt(UCONTEXT_SIZE);
    const argvAt = (pathAt + BigInt(pathBytes.length) + 7n) & ~7n;
    const off = (addr: bigint) => Number(addr - base);
    // getcontext writes the context at its final place: its fpregs pointer points into itself.
    if (sysret(cGetcontext(uc)) < 0) return sysret(-1);
    pathBytes.copy(view, off(pathAt));
    cArgv(argvAt, args).copy(view, off(argvAt));
    const reg = (n: number, v: bigint) => view.writeBigUInt64LE(v, off(uc) + GREGS + 8 * n);
    reg(REG_RDI, pathAt);
    reg(REG_RSI, argvAt);
    // execv is entered as if called: the stack pointer is 8 mod 16, below the clone's own frame.
    reg(REG_RSP, stackTop - 4096n - 8n);
    reg(REG_RIP, symbolAddress('execv'));
    return sysret(cClone(symbolAddress('setcontext'), stackTop, flags | 0, uc));
  } finally {
    koffi.free(mem);
  }
}
