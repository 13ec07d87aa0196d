// The test side of ns-thread.ts: a thread in a fresh IPC namespace, and calls made on it.
import { closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createIpcNamespace } from '../../src/host/namespaces.js';

export class NsThread {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: { value?: unknown; error?: string }) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly tid: number,
  ) {
    worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  /** A thread in a new IPC namespace of its own (or in the namespace held by `nsFd`). */
  static async start(nsFd?: number): Promise<NsThread> {
    const fd = nsFd ?? createIpcNamespace();
    const worker = new Worker(new URL('./ns-thread.js', import.meta.url), { workerData: { nsFd: fd } });
    const tid = await new Promise<number>((resolve, reject) => {
      worker.once('message', (m: { ready: number }) => resolve(m.ready));
      worker.once('error', reject);
    });
    if (nsFd === undefined) closeSync(fd);
    return new NsThread(worker, tid);
  }

  call<T = unknown>(fn: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.value as T)));
      this.worker.postMessage({ id, fn, args });
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}
