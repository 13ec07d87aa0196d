// fs/proc in the session: opens of /proc/sysvipc/sem, /proc/sys/kernel/sem{,_next_id} and /proc/<pid>/semundo
// are answered from the model's procfs/. A file opened to be read is a sealed memfd holding what a single
// read at open would return; one opened to write is a seqpacket socket whose writes the supervisor applies.
import { fstatSync, readlinkSync } from 'node:fs';
import { ENOENT, O_ACCMODE, O_RDONLY, O_WRONLY } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { SeqFile, resolveProcPath, type OpenContext, type ProcFile } from '../procfs/index.js';
import { closeFd, EPOLLIN, type Epoll } from '../host/pidfd.js';
import { readOnlyMemfd } from '../host/memfd.js';
import { recvMessage, shutdownWrite, socketPair, setFileStatusFlags } from '../host/fd-passing.js';
import type { Listener, Notification } from '../host/seccomp-listener.js';

const O_CLOEXEC = 0o2000000;
const O_NONBLOCK = 0o4000;
/** Epoll tags of the supervisor's ends of writable virtual files start here (pidfd tags are tids). */
export const VFILE_TAG_BASE = 2 ** 32;

interface WritableFile {
  file: ProcFile;
  ctx: OpenContext;
  /** Our end of the socket pair. */
  fd: number;
  /** The inode of the program's end, which /proc/<pid>/fd/<n> shows as socket:[inode]. */
  inode: number;
}

export class VirtualFiles {
  private readonly byTag = new Map<number, WritableFile>();
  private readonly byInode = new Map<number, WritableFile>();
  private nextTag = VFILE_TAG_BASE;

  constructor(
    private readonly k: KernelState,
    private readonly listener: Listener,
    private readonly epoll: Epoll,
    /** Where writable files are placed in the program's fd table (writes there are trapped), or null. */
    private readonly reservedFd: number | null,
  ) {}

  /**
   * Opens `path` for `opener` as procfs/ defines it and answers notification `n` with the new fd or an
   * error. `path` is a normalized absolute /proc path the model may not have.
   */
  open(n: Notification, opener: Task, path: string, flags: number): number {
    const resolved = resolveProcPath(this.k, opener, path);
    if (typeof resolved === 'number') return resolved;
    const { file, ctx } = resolved;
    const acc = flags & O_ACCMODE;
    const readable = acc !== O_WRONLY;
    const writable = acc !== O_RDONLY;
    const err = file.open(ctx, readable, writable);
    if (err) return err;
    const cloexec = (flags & O_CLOEXEC) !== 0;
    if (!writable) return this.openRead(n, file, ctx, path, cloexec);
    return this.openWrite(n, file, ctx, readable, cloexec);
  }

  private openRead(
    n: Notification,
    file: ProcFile,
    ctx: OpenContext,
    path: string,
    cloexec: boolean,
  ): number {
    const text = file.seq
      ? new SeqFile(file.seq(ctx)).read(0, Number.MAX_SAFE_INTEGER)
      : (file.value?.(ctx) ?? '');
    const fd = readOnlyMemfd(`semundo${path.replace(/\//g, ':')}`, Buffer.from(text, 'latin1'));
    if (fd < 0) return fd;
    try {
      return this.listener.addFd(n, fd, { send: true, cloexec });
    } finally {
      closeFd(fd);
    }
  }

  private openWrite(
    n: Notification,
    file: ProcFile,
    ctx: OpenContext,
    readable: boolean,
    cloexec: boolean,
  ): number {
    const [ours, theirs] = socketPair('seqpacket');
    setFileStatusFlags(ours, O_NONBLOCK);
    // Reads of a file opened read-write see end-of-file.
    if (readable) shutdownWrite(ours);
    const inode = fstatSync(theirs).ino;
    const wf: WritableFile = { file, ctx, fd: ours, inode };
    let r = -ENOENT;
    if (this.reservedFd !== null) {
      const at = freeFdAtOrAbove(n.tid, this.reservedFd);
      if (at >= 0) r = this.listener.addFd(n, theirs, { send: true, cloexec, newfd: at });
    }
    if (r < 0) r = this.listener.addFd(n, theirs, { send: true, cloexec });
    closeFd(theirs);
    if (r < 0) {
      closeFd(ours);
      return r;
    }
    const tag = this.nextTag++;
    this.byTag.set(tag, wf);
    this.byInode.set(inode, wf);
    this.epoll.add(ours, EPOLLIN, tag);
    return r;
  }

  /** Whether any writable virtual file is open (its socket may bring writes at any time). */
  get anyWritable(): boolean {
    return this.byTag.size > 0;
  }

  /** A trapped write on fd `fd` of thread `tid`: the file it writes, or null when the fd is not ours. */
  writableAt(tid: number, fd: number): WritableFile | null {
    const link = fdLink(tid, fd);
    const m = link === null ? null : /^socket:\[(\d+)\]$/.exec(link);
    return m ? (this.byInode.get(Number(m[1])) ?? null) : null;
  }

  /** One write() into a writable virtual file: bytes consumed or -errno. */
  write(wf: WritableFile, data: Buffer): number {
    return wf.file.write ? wf.file.write(wf.ctx, data.toString('latin1')) : -ENOENT;
  }

  /** Writes that reached our end of the socket (through a duplicated descriptor): applied in order. */
  socketReady(tag: number, events: number): void {
    const wf = this.byTag.get(tag);
    if (!wf) return;
    for (;;) {
      const m = recvMessage(wf.fd);
      if (m === null || typeof m === 'number') break;
      this.write(wf, m);
    }
    if (events & ~EPOLLIN) this.drop(tag, wf);
  }

  private drop(tag: number, wf: WritableFile): void {
    this.epoll.remove(wf.fd);
    closeFd(wf.fd);
    this.byTag.delete(tag);
    this.byInode.delete(wf.inode);
  }
}

function fdLink(tid: number, fd: number): string | null {
  try {
    return readlinkSync(`/proc/${tid}/fd/${fd}`);
  } catch {
    return null;
  }
}

/** The lowest fd number at or above `from` that thread `tid`'s process does not use, or -1. */
function freeFdAtOrAbove(tid: number, from: number): number {
  for (let fd = from; fd < from + RESERVED_FDS; fd++) if (fdLink(tid, fd) === null) return fd;
  return -1;
}

/** How many fd numbers, at the top of the command's soft RLIMIT_NOFILE, hold writable virtual files. */
export const RESERVED_FDS = 16;
