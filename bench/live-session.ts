// A C program kept running under `semundo run`: awaited, asked through its control socket, then ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ask, socketPath } from '../src/session/index.js';
import type { PsResult } from '../src/supervisor/control-protocol.js';
import { underSemundo } from './run-programs.js';

export class LiveSession {
  /** The stdout lines after "ready". */
  readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly what: string,
  ) {
    // 'close', not 'exit': by then every line it printed has been read.
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    child.stderr!.on('data', (d: Buffer) => void (this.stderr += d.toString()));
  }

  /** Starts `semundo run -- PROGRAM ARGS` and resolves once it has printed "ready". */
  static async start(program: string, args: readonly (string | number)[], timeoutMs = 300_000) {
    const argv = underSemundo(program, args);
    const s = new LiveSession(spawn(argv[0]!, argv.slice(1)), `semundo run -- ${program} ${args.join(' ')}`);
    const lines = createInterface({ input: s.child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${s.what}: not ready in ${timeoutMs} ms`)), timeoutMs);
      let ready = false;
      lines.on('line', (line) => {
        if (ready) return void s.lines.push(line);
        if (line !== 'ready') return;
        ready = true;
        clearTimeout(timer);
        resolve();
      });
      void s.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${s.what}: exited with ${code} before it was ready: ${s.stderr.trim()}`));
      });
    }).catch((e: unknown) => {
      s.child.kill('SIGKILL');
      throw e;
    });
    return s;
  }

  /** The keeper's pid (`semundo run`'s, the session's). */
  get keeper(): number {
    return this.child.pid!;
  }

  /** One control request to this session (and no other). */
  async ask<T>(req: Parameters<typeof ask>[1], timeoutMs = 600_000): Promise<T> {
    const a = await ask<T>(socketPath(process.geteuid?.() ?? 0, this.keeper), req, timeoutMs);
    if (!a.ok) throw new Error(`${this.what}: ${req.op}: ${a.error}`);
    return a.result;
  }

  async ps(): Promise<PsResult['session']> {
    const s = (await this.ask<PsResult>({ op: 'ps' }, 30_000)).session;
    if (s.keeper !== this.keeper) throw new Error(`${this.what}: ps answered for session ${s.keeper}`);
    return s;
  }

  /** Closes the program's stdin and waits for the session to end; what it printed after "ready". */
  async end(timeoutMs = 300_000): Promise<string[]> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${this.what}: status ${code}: ${this.stderr.trim()}`);
    return this.lines;
  }

  /** What the session wrote on stderr so far. */
  get errors(): string {
    return this.stderr;
  }
}
