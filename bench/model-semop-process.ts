// The parent's handle on a model-semop-child process: run a number of rounds there and get the rate.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./model-semop-child.js', import.meta.url));

interface Pending {
  resolve(rate: number): void;
  reject(e: Error): void;
}

export class ModelSemopProcess {
  private readonly child: ChildProcess;
  private pending: Pending | null = null;
  private exited: string | null = null;

  constructor(sets: number) {
    this.child = fork(CHILD, [String(sets)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (rate: number) => this.settle((p) => p.resolve(rate)));
    this.child.on('exit', (code, signal) => {
      this.exited = `model-semop-child exited (${signal ?? `status ${String(code)}`})`;
      this.settle((p) => p.reject(new Error(this.exited!)));
    });
  }

  private settle(how: (p: Pending) => void): void {
    const p = this.pending;
    this.pending = null;
    if (p) how(p);
  }

  /** Semops per second of `rounds` rounds in the child (see ModelSemopLoop.run). */
  run(rounds: number): Promise<number> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(rounds);
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = once(this.child, 'exit');
    this.child.kill();
    await gone;
  }
}
