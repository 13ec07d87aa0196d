// A progress line for long loops: a label, a bar, counts and a percentage, redrawn in place on
// standard error. Drawn only on a terminal, never in CI or when the user asked for quiet, and at most
// about ten times a second, so that reporting costs nothing next to the work it reports on.

/** Where the line goes: standard error, or a stand-in with the same few members. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Draw nothing (the commands' --quiet). */
  quiet?: boolean;
  /** Default: process.stderr. */
  stream?: ProgressStream;
  /** Default: process.env; CI set (and not "false" or "0") or TERM=dumb turns the line off. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds, default performance.now. */
  now?: () => number;
  /** The least time between two redraws, in milliseconds; default 100. */
  intervalMs?: number;
}

const ERASE = '\r\x1b[K';
const BAR_MAX = 30;

/** Whether a progress line may be drawn on `stream`. */
export function progressWanted(
  stream: ProgressStream,
  env: Readonly<Record<string, string | undefined>>,
  quiet = false,
): boolean {
  if (quiet || stream.isTTY !== true) return false;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return env.TERM !== 'dumb';
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * One progress line, for one phase after another. Every method is cheap when the line is off.
 *
 *     const p = new Progress({ quiet: o.quiet });
 *     p.start('restoring sets', sets.length);
 *     for (const s of sets) { restoreSet(s); p.tick(); }
 *     p.end();
 */
export class Progress {
  /** Whether anything is drawn at all. */
  readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private label = '';
  private total: number | undefined;
  private done = 0;
  private lastDraw = -Infinity;
  private shown = false;
  private active = false;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.enabled = progressWanted(this.stream, opts.env ?? process.env, opts.quiet);
    this.now = opts.now ?? (() => performance.now());
    this.intervalMs = opts.intervalMs ?? 100;
  }

  /**
   * A new phase: `label`, and `total` steps to come (omitted: a count without a bar, as for a loop
   * whose length is not known). The line is drawn at once, so a phase that does not tick (one long
   * call) still says what is going on.
   */
  start(label: string, total?: number): void {
    if (!this.enabled) return;
    this.label = label;
    this.total = total;
    this.done = 0;
    this.active = true;
    this.draw();
  }

  /** `n` more steps done (default 1). */
  tick(n = 1): void {
    if (!this.enabled) return;
    this.done += n;
    this.maybeDraw();
  }

  /** `done` steps done in all. */
  update(done: number): void {
    if (!this.enabled) return;
    this.done = done;
    this.maybeDraw();
  }

  /**
   * Erases the line for now, e.g. before writing other output to the same terminal; the next tick
   * or update draws it again.
   */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(ERASE);
    this.shown = false;
    this.lastDraw = -Infinity;
  }

  /** The phase is over: the line is erased and stays so until the next start. */
  end(): void {
    this.clear();
    this.active = false;
  }

  private maybeDraw(): void {
    if (this.active && this.now() - this.lastDraw >= this.intervalMs) this.draw();
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.stream.write(ERASE + this.render());
    this.shown = true;
  }

  /** The text of the line, fitted to the terminal's width. */
  render(): string {
    const cols = this.stream.columns;
    const columns = Math.max(20, (cols !== undefined && cols > 0 ? cols : 80) - 1);
    if (this.total === undefined) {
      const text = this.done > 0 ? `${this.label} ${count(this.done)}` : `${this.label} ...`;
      return text.slice(0, columns);
    }
    const total = Math.max(0, this.total);
    const done = Math.min(this.done, total);
    const fraction = total === 0 ? 1 : done / total;
    const tail = ` ${count(done)}/${count(total)} ${Math.floor(fraction * 100)}%`;
    const room = columns - this.label.length - tail.length - 3;
    if (room < 5) return `${this.label}${tail}`.slice(0, columns);
    const width = Math.min(BAR_MAX, room);
    const full = Math.floor(fraction * width);
    return `${this.label} [${'#'.repeat(full)}${'-'.repeat(width - full)}]${tail}`;
  }
}
