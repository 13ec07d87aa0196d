// fs/file_table.c + fs/read_write.c, in brief: a process's open /proc files and their offsets.
import { EBADF, EINVAL, O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY, SEEK_CUR, SEEK_SET } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { SeqFile, resolveProcPath, type OpenContext, type ProcFile } from '../procfs/index.js';

interface OpenFile {
  file: ProcFile;
  ctx: OpenContext;
  /** The reading state of a seq_file, made at open. */
  seq: SeqFile<unknown> | null;
  pos: number;
  readable: boolean;
  writable: boolean;
}

/** The descriptor table of one process (shared by its threads). */
export class FdTable {
  private readonly files = new Map<number, OpenFile>();

  constructor(private readonly k: KernelState) {}

  // fs/open.c: do_sys_open — returns the lowest free descriptor from 3, or a negative errno
  open(task: Task, path: string, flags: number): number {
    const acc = flags & O_ACCMODE;
    if (acc !== O_RDONLY && acc !== O_WRONLY && acc !== O_RDWR) return -EINVAL;
    const resolved = resolveProcPath(this.k, task, path);
    if (typeof resolved === 'number') return resolved;
    const { file, ctx } = resolved;
    const readable = acc !== O_WRONLY;
    const writable = acc !== O_RDONLY;
    const err = file.open(ctx, readable, writable);
    if (err) return err;
    let fd = 3;
    while (this.files.has(fd)) fd++;
    const seq = file.seq ? new SeqFile(file.seq(ctx)) : null;
    this.files.set(fd, { file, ctx, seq, pos: 0, readable, writable });
    return fd;
  }

  // fs/read_write.c: ksys_read over seq_read_iter, or kernel/sysctl.c: __do_proc_dointvec (whole, from 0 only)
  read(fd: number, count: number): string | number {
    const f = this.files.get(fd);
    if (!f || !f.readable) return -EBADF;
    let out = '';
    if (f.seq) out = f.seq.read(f.pos, count);
    else if (f.file.value && f.pos === 0) out = f.file.value(f.ctx).slice(0, count);
    f.pos += out.length;
    return out;
  }

  // fs/read_write.c: ksys_write
  write(fd: number, data: string): number {
    const f = this.files.get(fd);
    if (!f || !f.writable || !f.file.write) return -EBADF;
    const r = f.file.write(f.ctx, data);
    if (r > 0) f.pos += r;
    return r;
  }

  // fs/seq_file.c: seq_lseek — SEEK_SET and SEEK_CUR only
  lseek(fd: number, offset: number, whence: number): number {
    const f = this.files.get(fd);
    if (!f) return -EBADF;
    const target = whence === SEEK_SET ? offset : whence === SEEK_CUR ? f.pos + offset : -1;
    if (target < 0) return -EINVAL;
    f.pos = target;
    return target;
  }

  close(fd: number): number {
    return this.files.delete(fd) ? 0 : -EBADF;
  }
}
