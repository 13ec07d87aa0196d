// fs/proc in the session: opens of /proc/sysvipc/sem, /proc/sys/kernel/sem{,_next_id} and /proc/<pid>/semundo
// are answered from the model's procfs/. A file opened to be read is a sealed memfd holding what a single
// read at open would return; one opened to write is a seqpacket socket whose writes the supervisor applies.
import { fstatSync, readFileSync, readlinkSync } from 'node:fs';
import { ENOENT, O_ACCMODE, O_RDONLY, O_WRONLY } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { SeqFile, resolveProcPath, type OpenContext, type ProcFile } from '../procfs/index.js';
import { closeFd, EPOLLIN, type Epoll } from '../host/pidfd.js';
import { RESERVED_FDS } from './trapped-calls.js';
import { readOnlyMemfd, seekTo } from '../host/memfd.js';
import { recvMessage, shutdownWrite, socketPair, setFileStatusFlags } from '../host/fd-passing.js';
import type { Listener, Notification } from '../host/seccomp-listener.js';
import type { RecordEntry } from './session-tasks.js';

const O_CLOEXEC = 0o2000000;
const O_NONBLOCK = 0o4000;
/** Epoll tags of the supervisor's ends of writable virtual files start here (pidfd tags are tids). */
export const VFILE_TAG_BASE = 2 ** 32;

/** A virtual file placed at a reserved descriptor, where its reads and writes are trapped. */
export interface PlacedFile {
  file: ProcFile;
  /** The path it was opened by (a journal entry names the file by it). */
  path: string;
  ctx: OpenContext;
  /** Our end of the socket pair (writable files), or our copy of the memfd (sysctls opened to read). */
  fd: number;
  /** The inode of the program's descriptor (fdinfo's ino). */
  inode: number;
  /** A socket has no file position: the position of reads through it. */
  pos: number;
  socket: boolean;
}
type WritableFile = PlacedFile;

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
    private readonly record: RecordEntry,
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
    // Opening to write may change the model (the opener of /proc/self/semundo gets an undo list).
    if (writable) this.record({ t: 'vopen', tid: opener.tid, path, read: readable });
    const err = file.open(ctx, readable, writable);
    if (err) return err;
    const cloexec = (flags & O_CLOEXEC) !== 0;
    if (!writable && file.value && this.reservedFd !== null)
      return this.openSysctlRead(n, file, ctx, path, cloexec);
    if (!writable) return this.openRead(n, file, ctx, path, cloexec);
    return this.openWrite(n, file, ctx, path, readable, cloexec);
  }

  /**
   * A sysctl read only from offset 0, once (kernel/sysctl.c): placed at a reserved descriptor whose reads
   * are served here; a copy of the descriptor (a shell's redirection) reads what the value was at open.
   */
  private openSysctlRead(
    n: Notification,
    file: ProcFile,
    ctx: OpenContext,
    path: string,
    cloexec: boolean,
  ): number {
    const fd = memfdOf(path, file.value!(ctx));
    if (fd < 0) return fd;
    const at = freeFdAtOrAbove(n.tid, this.reservedFd!);
    const r = this.listener.addFd(n, fd, { send: true, cloexec, ...(at >= 0 && { newfd: at }) });
    if (r < 0) {
      closeFd(fd);
      return r;
    }
    const pf: PlacedFile = { file, path, ctx, fd, inode: fstatSync(fd).ino, pos: 0, socket: false };
    this.byInode.set(pf.inode, pf);
    this.ownedBy(ctx.opener.tgid).push(pf);
    return r;
  }

  private readonly byProcess = new Map<number, PlacedFile[]>();

  private ownedBy(tgid: number): PlacedFile[] {
    let l = this.byProcess.get(tgid);
    if (!l) this.byProcess.set(tgid, (l = []));
    return l;
  }

  /** The opener's process has exited: the copies of its sysctl descriptors are let go. */
  processExited(tgid: number): void {
    for (const pf of this.byProcess.get(tgid) ?? []) {
      this.byInode.delete(pf.inode);
      closeFd(pf.fd);
    }
    this.byProcess.delete(tgid);
  }

  /** The placed file a trapped read or write on fd `fd` of thread `tid` reaches, or null when it is not ours. */
  placedAt(tid: number, fd: number): { pf: PlacedFile; pos: number } | null {
    const info = fdInfo(tid, fd);
    const pf = info ? this.byInode.get(info.ino) : undefined;
    return pf && info ? { pf, pos: pf.socket ? pf.pos : info.pos } : null;
  }

  // kernel/sysctl.c: proc_dointvec and friends — a read at offset 0 gives (the start of) the value, any
  // other offset nothing; the position moves on by what was read
  readValue(pf: PlacedFile, pos: number, count: number, advance: boolean): string {
    const text = pos === 0 && pf.file.value ? pf.file.value(pf.ctx).slice(0, count) : '';
    if (advance && text.length > 0) {
      if (pf.socket) pf.pos = pos + text.length;
      else seekTo(pf.fd, pos + text.length);
    }
    return text;
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
    const fd = memfdOf(path, text);
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
    path: string,
    readable: boolean,
    cloexec: boolean,
  ): number {
    const [ours, theirs] = socketPair('seqpacket');
    setFileStatusFlags(ours, O_NONBLOCK);
    // Reads of a file opened read-write see end-of-file.
    if (readable) shutdownWrite(ours);
    const inode = fstatSync(theirs).ino;
    const wf: WritableFile = { file, path, ctx, fd: ours, inode, pos: 0, socket: true };
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

  /** A trapped write on fd `fd` of thread `tid`: the file it writes, or null when the fd is not one. */
  writableAt(tid: number, fd: number): WritableFile | null {
    const at = this.placedAt(tid, fd);
    return at && at.pf.socket ? at.pf : null;
  }

  /** One write() into a writable virtual file: bytes consumed or -errno. */
  write(wf: WritableFile, data: Buffer): number {
    if (!wf.file.write) return -ENOENT;
    const text = data.toString('latin1');
    this.record({ t: 'vwrite', tid: wf.ctx.opener.tid, path: wf.path, text });
    return wf.file.write(wf.ctx, text);
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

/** /proc/<tid>/fdinfo/<fd>: the descriptor's file position and inode. */
function fdInfo(tid: number, fd: number): { pos: number; ino: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${tid}/fdinfo/${fd}`, 'latin1');
  } catch {
    return null;
  }
  const pos = /^pos:\s*(\d+)/m.exec(text);
  const ino = /^ino:\s*(\d+)/m.exec(text);
  return pos && ino ? { pos: Number(pos[1]), ino: Number(ino[1]) } : null;
}

function fdLink(tid: number, fd: number): string | null {
  try {
    return readlinkSync(`/proc/${tid}/fd/${fd}`);
  } catch {
    return null;
  }
}

/** A sealed memfd holding `text`, named after the virtual file it stands for; or -errno. */
function memfdOf(path: string, text: string): number {
  return readOnlyMemfd(`semundo${path.replace(/\//g, ':')}`, Buffer.from(text, 'latin1'));
}

/** The lowest fd number at or above `from` that thread `tid`'s process does not use, or -1. */
function freeFdAtOrAbove(tid: number, from: number): number {
  for (let fd = from; fd < from + RESERVED_FDS; fd++) if (fdLink(tid, fd) === null) return fd;
  return -1;
}
