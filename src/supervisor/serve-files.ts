// fs/open.c and fs/read_write.c for the session's virtual /proc files: open, openat and openat2 of one of
// them, and writes through a descriptor that holds one; every other open or write goes on to the kernel.
import { EFAULT, EINVAL } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { argCount, argInt, argPtr, type Notification } from '../host/seccomp-listener.js';
import type { Listener } from '../host/seccomp-listener.js';
import type { TraceeMemory } from '../host/tracee-memory.js';
import type { SessionTasks } from './session-tasks.js';
import { virtualCandidate } from './tracee-path.js';
import { SYS } from './trapped-calls.js';
import type { VirtualFiles } from './virtual-files.js';

const PATH_MAX = 4096;
const AT_FDCWD = -100;
const IOVEC_SIZE = 16;
/** include/uapi/linux/uio.h: UIO_MAXIOV */
const UIO_MAXIOV = 1024;

export class FileServer {
  constructor(
    private readonly k: KernelState,
    private readonly listener: Listener,
    private readonly mem: TraceeMemory,
    private readonly tasks: SessionTasks,
    readonly vfiles: VirtualFiles,
    /** The model task of a notification's thread (answering the call itself when there is none). */
    private readonly taskOf: (n: Notification) => Task | null,
  ) {}

  // fs/open.c: do_sys_openat2 — a virtual path is opened by the model, any other by the kernel
  open(n: Notification): void {
    const dirfd = n.nr === SYS.open ? AT_FDCWD : argInt(n, 0);
    const pathAddr = argPtr(n, n.nr === SYS.open ? 0 : 1);
    let flags: number;
    if (n.nr === SYS.openat2) {
      const how = this.mem.read(n.tid, argPtr(n, 2), 8);
      if (typeof how === 'number') return void this.listener.continueCall(n);
      flags = Number(how.readBigUInt64LE(0) & 0xffffffffn);
    } else flags = argInt(n, n.nr === SYS.open ? 1 : 2);
    const raw = this.mem.readString(n.tid, pathAddr, PATH_MAX);
    const path = typeof raw === 'number' ? null : virtualCandidate(n.tid, dirfd, raw.toString('utf8'));
    if (path === null) return void this.listener.continueCall(n);
    const opener = this.taskOf(n);
    if (!opener) return;
    this.know(path);
    const r = this.vfiles.open(n, opener, path, flags);
    if (r < 0) this.listener.answer(n, 0, -r);
  }

  /** /proc/<pid>[/task/<tid>] of a real task the model has not met yet: it is met now. */
  private know(path: string): void {
    const m = /^\/proc\/(\d+)(?:\/task\/(\d+))?\//.exec(path);
    if (!m) return;
    for (const id of [m[1], m[2]])
      if (id !== undefined && !this.k.tasks.has(Number(id))) this.tasks.refresh(Number(id));
  }

  // fs/read_write.c: ksys_read, ksys_pread64 — of a sysctl placed at a reserved descriptor
  read(n: Notification): void {
    const at = this.vfiles.placedAt(n.tid, argInt(n, 0));
    if (!at || !at.pf.file.value) return void this.listener.continueCall(n);
    const pread = n.nr === SYS.pread64;
    const pos = pread ? argPtr(n, 3) : at.pos;
    const text = this.vfiles.readValue(at.pf, pos, argCount(n, 2), !pread);
    const w = this.mem.write(n.tid, argPtr(n, 1), Buffer.from(text, 'latin1'));
    this.listener.answer(n, w < 0 ? 0 : text.length, w < 0 ? -w : 0);
  }

  // fs/read_write.c: ksys_write, do_writev — only for a descriptor that holds a writable virtual file
  write(n: Notification): void {
    const wf = this.vfiles.writableAt(n.tid, argInt(n, 0));
    if (!wf) return void this.listener.continueCall(n);
    const data = n.nr === SYS.write || n.nr === SYS.pwrite64 ? this.readBuffer(n) : this.readIovecs(n);
    if (typeof data === 'number') return void this.listener.answer(n, 0, -data);
    const r = this.vfiles.write(wf, data);
    this.listener.answer(n, r < 0 ? 0 : r, r < 0 ? -r : 0);
  }

  private readBuffer(n: Notification): Buffer | number {
    const count = argCount(n, 2);
    const b = this.mem.read(n.tid, argPtr(n, 1), count);
    return typeof b === 'number' ? b : Buffer.from(b);
  }

  private readIovecs(n: Notification): Buffer | number {
    const cnt = argInt(n, 2);
    if (cnt < 0 || cnt > UIO_MAXIOV) return -EINVAL;
    const raw = this.mem.read(n.tid, argPtr(n, 1), cnt * IOVEC_SIZE);
    if (typeof raw === 'number') return raw;
    const iov = Buffer.from(raw);
    const parts: Buffer[] = [];
    for (let i = 0; i < cnt; i++) {
      const len = Number(iov.readBigUInt64LE(i * IOVEC_SIZE + 8));
      const base = iov.readUInt32LE(i * IOVEC_SIZE) + iov.readUInt32LE(i * IOVEC_SIZE + 4) * 0x1_0000_0000;
      const b = this.mem.read(n.tid, base < 2 ** 47 ? base : -1, len);
      if (typeof b === 'number') return -EFAULT;
      parts.push(Buffer.from(b));
    }
    return Buffer.concat(parts);
  }
}
