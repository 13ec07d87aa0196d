// include/linux/list.h as ipc/sem.c uses it: FIFO lists of sleeping operations, O(1) unlink.

export interface QueueNode {
  qprev: QueueNode | null;
  qnext: QueueNode | null;
  queue: WaitQueue<QueueNode> | null;
}

export class WaitQueue<T extends QueueNode> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  // list_add_tail
  push(n: T): void {
    n.queue = this as unknown as WaitQueue<QueueNode>;
    n.qnext = null;
    n.qprev = this.tail;
    if (this.tail) this.tail.qnext = n;
    else this.head = n;
    this.tail = n;
    this.size++;
  }

  // list_del
  remove(n: T): void {
    if (n.qprev) n.qprev.qnext = n.qnext;
    else this.head = n.qnext as T | null;
    if (n.qnext) n.qnext.qprev = n.qprev;
    else this.tail = n.qprev as T | null;
    n.qprev = n.qnext = null;
    n.queue = null;
    this.size--;
  }

  // list_splice_init onto the front of `dst`
  spliceToFront(dst: WaitQueue<T>): void {
    if (!this.head) return;
    for (let n: T | null = this.head; n; n = n.qnext as T | null)
      n.queue = dst as unknown as WaitQueue<QueueNode>;
    if (dst.head) {
      (this.tail as T).qnext = dst.head;
      dst.head.qprev = this.tail;
    } else {
      dst.tail = this.tail;
    }
    dst.head = this.head;
    dst.size += this.size;
    this.head = this.tail = null;
    this.size = 0;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let n = this.head; n; n = n.qnext as T | null) out.push(n);
    return out;
  }
}
