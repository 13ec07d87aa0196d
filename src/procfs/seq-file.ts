// fs/seq_file.c: seq_read_iter, traverse, seq_lseek — reading a file of records at any offset and size.

/** The four seq_operations, as records of type R at positions (loff_t *pos). */
export interface SeqOperations<R> {
  /** The record at position `pos`, or null at the end; may move `pos.value` forward (sparse positions). */
  start(pos: { value: number }): R | null;
  /** The record after `r`; sets `pos.value` to its position. */
  next(r: R, pos: { value: number }): R | null;
  /** The text of one record, rendered from one consistent state. */
  show(r: R): string;
  stop?(r: R | null): void;
}

/**
 * One open file's reading state (struct seq_file): the rendered, not yet returned part of the last
 * record, the position of the next record, and the file offset reached. A record is rendered whole
 * and kept until returned, so a change between two reads never tears a record; reading sequentially
 * asks start() once per read and next() per record, so N records in small chunks cost O(N).
 */
export class SeqFile<R> {
  private pending = '';
  private readonly index = { value: 0 };
  private readPos = 0;

  constructor(private readonly ops: SeqOperations<R>) {}

  // fs/seq_file.c: seq_read_iter
  read(offset: number, size: number): string {
    if (offset !== this.readPos) this.traverse(offset);
    let out = this.pending.slice(0, size);
    this.pending = this.pending.slice(out.length);
    if (out.length < size && this.pending.length === 0) {
      let r = this.ops.start(this.index);
      while (r !== null && out.length < size) {
        const text = this.ops.show(r);
        const take = text.slice(0, size - out.length);
        out += take;
        this.pending = text.slice(take.length);
        r = this.ops.next(r, this.index);
      }
      this.ops.stop?.(r);
    }
    this.readPos += out.length;
    return out;
  }

  // fs/seq_file.c: traverse — re-render from the first record up to `offset`
  private traverse(offset: number): void {
    this.index.value = 0;
    this.pending = '';
    let pos = 0;
    let r = this.ops.start(this.index);
    while (r !== null && pos < offset) {
      const text = this.ops.show(r);
      r = this.ops.next(r, this.index);
      if (pos + text.length > offset) {
        this.pending = text.slice(offset - pos);
        pos = offset;
        break;
      }
      pos += text.length;
    }
    this.ops.stop?.(r);
    this.readPos = Math.min(pos, offset);
    if (pos < offset) this.readPos = offset;
  }
}
