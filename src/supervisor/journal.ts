// Where a session's state outlives its server: a memfd the keeper holds, mapped shared by each server in
// turn, with the entries recorded since the last snapshot, the notification received last, and which of two
// snapshot memfds holds the snapshot. A server that is killed leaves everything it stored in the pages.
import type { SavedListState } from './restored-lists.js';
import { fstatSync, readSync, writeSync } from 'node:fs';
import { mapShared, truncateFile } from '../host/shared-memory.js';
import type { NativeBuffer } from '../host/native-buffer.js';
import { SECCOMP_NOTIF_SIZE } from '../abi/index.js';
import type { Entry } from './state-entries.js';

/** Bytes of the journal memfd (allocated as they are written). */
export const JOURNAL_BYTES = 64 << 20;
/**
 * The last bytes are kept for the entries recorded while another is being applied ('wake'), which
 * cannot wait for a snapshot: a snapshot then would hold half an entry's effects.
 */
const RESERVE_BYTES = 1 << 20;
const MAGIC = 0x314a4d53; // "SMJ1"
const H_MAGIC = 0;
/** Which snapshot memfd holds the snapshot: 0 none, 1 the first, 2 the second. */
const H_SNAP = 1;
/** The epoch the entries belong to: a snapshot names the epoch whose entries follow it. */
const H_EPOCH = 2;
/** Bytes of committed entries. */
const H_LENGTH = 3;
const SLOT_OFFSET = 64;
const ENTRIES_OFFSET = 4096;
/** The first byte of a binary semop entry (a JSON entry starts with "{"). */
const SEMOP_KIND = 1;
const SEMOP_FIXED = 49;
/** The first byte of a binary wake entry: kind 2, gone (u8), tid (i32), realtime s (i32), monotonic ns (f64). */
const WAKE_KIND = 2;
const WAKE_SIZE = 18;

/** What a snapshot memfd holds: a header line, then an image (format v1) of the model. */
export interface SnapshotHeader {
  /** The epoch whose entries come after this snapshot. */
  epoch: number;
  /** The clock the snapshot was taken at (session CLOCK_MONOTONIC ns, CLOCK_REALTIME s). */
  m: number;
  r: number;
  /** The pidfd inode of each thread (a thread whose tid now names another has exited). */
  tasks: [number, number][];
  /** The notification each sleeper waits in: tid, id low, id high. */
  sleepers: [number, number, number][];
  /** The saved undo lists of a restored image that no process of this session holds alone yet. */
  restored?: SavedListState[];
}

export class Journal {
  private readonly mem: NativeBuffer;
  private readonly head: Uint32Array;
  /** Where the last received notification is kept: the listener receives into it. */
  readonly slot: NativeBuffer;

  constructor(
    readonly fd: number,
    private readonly snapFds: readonly [number, number],
  ) {
    this.mem = mapShared(fd, JOURNAL_BYTES);
    this.head = new Uint32Array(this.mem.buf.buffer, this.mem.buf.byteOffset, 16);
    this.slot = {
      buf: this.mem.buf.subarray(SLOT_OFFSET, SLOT_OFFSET + SECCOMP_NOTIF_SIZE),
      address: this.mem.address + SLOT_OFFSET,
    };
    if (this.head[H_MAGIC] !== MAGIC) {
      this.head[H_SNAP] = 0;
      this.head[H_EPOCH] = 1;
      this.head[H_LENGTH] = 0;
      this.head[H_MAGIC] = MAGIC;
    }
  }

  /** Bytes of entries since the last snapshot. */
  get length(): number {
    return this.head[H_LENGTH]!;
  }

  /** Whether a server has stored anything here before. */
  get used(): boolean {
    return this.head[H_SNAP] !== 0 || this.head[H_LENGTH] !== 0;
  }

  /**
   * Records an entry; false when there is no room left (take a snapshot, then record it). `midEntry`:
   * it is recorded while another is applied, and may use the reserve.
   */
  append(e: Entry, midEntry = false): boolean {
    const limit = midEntry ? JOURNAL_BYTES : JOURNAL_BYTES - RESERVE_BYTES;
    if (e.t === 'semop') return this.appendSemop(e, limit);
    if (e.t === 'wake') return this.appendWake(e, limit);
    const len = this.head[H_LENGTH]!;
    const at = ENTRIES_OFFSET + len;
    const text = JSON.stringify(e);
    // Room for the text's UTF-8 bytes (at most 3 per UTF-16 unit) and the length word.
    if (at + 4 + text.length * 3 > limit) return false;
    const n = this.mem.buf.write(text, at + 4, 'utf8');
    this.mem.buf.writeUInt32LE(n, at);
    // The entry counts once this store is made (a server killed before it never recorded it).
    this.head[H_LENGTH] = len + 4 + n;
    return true;
  }

  /**
   * A semop, the entry of the hot path, in binary: kind 1, intr, nsops (u16), tid, id low, id high,
   * semid, realtime s (i32), monotonic ns (f64), timeout present (u8) and its tv_sec, tv_nsec (i64),
   * then the sops (u16 num, i16 op, i16 flg).
   */
  private appendSemop(e: Extract<Entry, { t: 'semop' }>, limit: number): boolean {
    const n = SEMOP_FIXED + 6 * e.sops.length;
    const p = this.begin(n, limit);
    if (p < 0) return false;
    const b = this.mem.buf;
    b[p] = SEMOP_KIND;
    b[p + 1] = e.intr ? 1 : 0;
    b.writeUInt16LE(e.sops.length, p + 2);
    b.writeInt32LE(e.tid, p + 4);
    b.writeUInt32LE(e.id[0], p + 8);
    b.writeUInt32LE(e.id[1], p + 12);
    b.writeInt32LE(e.semid, p + 16);
    b.writeInt32LE(e.r, p + 20);
    b.writeDoubleLE(e.m, p + 24);
    b[p + 32] = e.timeout ? 1 : 0;
    if (e.timeout) {
      b.writeBigInt64LE(BigInt(e.timeout[0]), p + 33);
      b.writeBigInt64LE(BigInt(e.timeout[1]), p + 41);
    }
    for (let i = 0, o = p + SEMOP_FIXED; i < e.sops.length; i++, o += 6) {
      const op = e.sops[i]!;
      b.writeUInt16LE(op[0], o);
      b.writeInt16LE(op[1], o + 2);
      b.writeInt16LE(op[2], o + 4);
    }
    this.head[H_LENGTH]! += 4 + n;
    return true;
  }

  /** A wake entry, recorded for every sleeper a wake-up would complete: in binary too (WAKE_KIND). */
  private appendWake(e: Extract<Entry, { t: 'wake' }>, limit: number): boolean {
    const p = this.begin(WAKE_SIZE, limit);
    if (p < 0) return false;
    const b = this.mem.buf;
    b[p] = WAKE_KIND;
    b[p + 1] = e.gone ? 1 : 0;
    b.writeInt32LE(e.tid, p + 2);
    b.writeInt32LE(e.r, p + 6);
    b.writeDoubleLE(e.m, p + 10);
    this.head[H_LENGTH]! += 4 + WAKE_SIZE;
    return true;
  }

  /**
   * Where a binary entry of `n` bytes goes, its length word written, or -1 when it would pass `limit`.
   * It counts once H_LENGTH is moved past it (a server killed before that never recorded it).
   */
  private begin(n: number, limit: number): number {
    const at = ENTRIES_OFFSET + this.head[H_LENGTH]!;
    if (at + 4 + n > limit) return -1;
    this.mem.buf.writeUInt32LE(n, at);
    return at + 4;
  }

  private readWake(p: number): Entry {
    const b = this.mem.buf;
    return {
      t: 'wake',
      gone: b[p + 1] === 1,
      tid: b.readInt32LE(p + 2),
      r: b.readInt32LE(p + 6),
      m: b.readDoubleLE(p + 10),
    };
  }

  private readSemop(p: number): Entry {
    const b = this.mem.buf;
    const nsops = b.readUInt16LE(p + 2);
    const sops: [number, number, number][] = [];
    for (let i = 0, o = p + SEMOP_FIXED; i < nsops; i++, o += 6)
      sops.push([b.readUInt16LE(o), b.readInt16LE(o + 2), b.readInt16LE(o + 4)]);
    return {
      t: 'semop',
      intr: b[p + 1] === 1,
      tid: b.readInt32LE(p + 4),
      id: [b.readUInt32LE(p + 8), b.readUInt32LE(p + 12)],
      semid: b.readInt32LE(p + 16),
      r: b.readInt32LE(p + 20),
      m: b.readDoubleLE(p + 24),
      timeout: b[p + 32] ? [b.readBigInt64LE(p + 33).toString(), b.readBigInt64LE(p + 41).toString()] : null,
      sops,
    };
  }

  /** The entries recorded after `snapshot` (none when a snapshot newer than them was being put in place). */
  *entries(snapshot: SnapshotHeader | null): Generator<Entry> {
    if (snapshot && snapshot.epoch !== this.head[H_EPOCH]) return;
    const end = ENTRIES_OFFSET + this.head[H_LENGTH]!;
    for (let at = ENTRIES_OFFSET; at < end;) {
      const n = this.mem.buf.readUInt32LE(at);
      const kind = this.mem.buf[at + 4];
      if (kind === SEMOP_KIND) yield this.readSemop(at + 4);
      else if (kind === WAKE_KIND) yield this.readWake(at + 4);
      else yield JSON.parse(this.mem.buf.toString('utf8', at + 4, at + 4 + n)) as Entry;
      at += 4 + n;
    }
  }

  /** The snapshot in place, as its header and its image's bytes; null before the first. */
  readSnapshot(): { header: SnapshotHeader; image: Buffer } | null {
    const which = this.head[H_SNAP]!;
    if (which === 0) return null;
    const fd = this.snapFds[which - 1]!;
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(size);
    for (let got = 0; got < size;) got += readSync(fd, buf, got, size - got, got);
    const nl = buf.indexOf(10);
    return { header: JSON.parse(buf.toString('utf8', 0, nl)) as SnapshotHeader, image: buf.subarray(nl + 1) };
  }

  /**
   * Puts a snapshot in place of the last one and of the entries: written whole to the other memfd, then
   * named in the header, then the entries are emptied and the epoch moves on. A server killed at any point
   * leaves either the old snapshot and its entries, or the new one (whose epoch is not yet the header's,
   * so no entry is replayed on it twice).
   */
  writeSnapshot(header: Omit<SnapshotHeader, 'epoch'>, image: Buffer, between?: () => void): void {
    const epoch = this.head[H_EPOCH]! + 1;
    const which = this.head[H_SNAP] === 1 ? 2 : 1;
    const fd = this.snapFds[which - 1]!;
    const data = Buffer.concat([Buffer.from(JSON.stringify({ ...header, epoch }) + '\n'), image]);
    truncateFile(fd, 0);
    for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off, off);
    between?.();
    this.head[H_SNAP] = which;
    between?.();
    this.head[H_LENGTH] = 0;
    this.head[H_EPOCH] = epoch;
  }
}
