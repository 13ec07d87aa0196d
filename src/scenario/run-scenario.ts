// Runs one scenario on one backend: step by step, waiting before each step until the tasks have
// settled, recording every result (and how blocked calls end), checking expects where they stand.
import type { Backend, BackendName } from './backend.js';
import { asCTypes, callRangeError } from './call-ranges.js';
import { checkRun, expectedOf } from './expect-check.js';
import { normalize } from './normalize.js';
import { ALLOWED_PATHS, isAllowedPath } from './paths.js';
import { resolveCall, type RefValues } from './resolve.js';
import type { RunRecord, StepRecord } from './results.js';
import { ScenarioRunError } from './scenario-error.js';
import type { Action, CallAction, Ref, Scenario } from './scenario-types.js';

export interface ExpectFailure {
  /** The expect step, its line, and the step (and run) it checks. */
  step: number;
  line: number;
  target: number;
  run: number;
  expected: unknown;
  actual: string;
}

export interface RunReport {
  file: string;
  backend: BackendName;
  steps: StepRecord[];
  failures: ExpectFailure[];
  notes: string[];
  /** Why the run stopped early (a scenario that cannot go on, or a backend that failed). */
  error?: string;
  /** On the host: the step (a write of a model-only file) after which the host could not follow. */
  stoppedAt?: number;
  ms: number;
}

export async function runScenario(sc: Scenario, backend: Backend): Promise<RunReport> {
  const started = performance.now();
  const rep: RunReport = { file: sc.file, backend: backend.name, steps: [], failures: [], notes: [], ms: 0 };
  const run = new Run(sc, backend, rep);
  try {
    await backend.begin();
    await run.all();
  } catch (e) {
    rep.error =
      e instanceof ScenarioRunError
        ? e.message
        : `${backend.name} backend failed: ${(e as Error).stack ?? e}`;
  } finally {
    try {
      await backend.close();
    } catch (e) {
      rep.error ??= `${backend.name} backend failed to clean up: ${(e as Error).message}`;
    }
  }
  rep.notes.push(...backend.notes);
  rep.ms = performance.now() - started;
  return rep;
}

class Run {
  private readonly saved = new Map<string, { value?: number; step: number }>();
  private readonly labels: string[] = [];
  /** Task label -> the run record of its call that sleeps. */
  private readonly sleeping = new Map<string, { run: RunRecord; step: number }>();
  private modelOnlyNoted = false;
  /** The last step begun (the settle before a step belongs to the step before it). */
  private begun = 0;

  constructor(
    private readonly sc: Scenario,
    private readonly backend: Backend,
    private readonly rep: RunReport,
  ) {}

  private readonly values: RefValues = {
    value: (r: Ref) => {
      const s = this.saved.get(r.ref);
      if (s) {
        if (s.value === undefined)
          throw new ScenarioRunError(
            this.current,
            `$${r.ref} has no value: step ${s.step} that saves it did not return one`,
          );
        return s.value;
      }
      const v = r.tid ? this.backend.tid(r.ref) : this.backend.pid(r.ref);
      if (v === undefined) throw new ScenarioRunError(this.current, `task ${r.ref} does not exist`);
      return v;
    },
  };

  private current = 0;

  private labelOf = (pid: number): string | undefined => {
    let any: string | undefined;
    for (const l of this.labels) {
      if (this.backend.pid(l) !== pid) continue;
      if (this.backend.tid(l) === pid) return l;
      any ??= l;
    }
    return any;
  };

  async all(): Promise<void> {
    for (const step of this.sc.steps) {
      this.current = step.n;
      const rec: StepRecord = { n: step.n, line: step.line, do: step.runs[0]!.do, runs: [] };
      this.rep.steps.push(rec);
      if (this.rep.stoppedAt !== undefined) continue;
      for (let i = 0; i < step.runs.length; i++) {
        await this.backend.settle(0);
        this.begun = step.n;
        await this.one(step.runs[i]!, i, rec);
      }
    }
    await this.backend.settle(0);
  }

  private async one(a: Action, i: number, rec: StepRecord): Promise<void> {
    if (a.do === 'settle') return a.ms > 0 ? this.backend.settle(a.ms) : undefined;
    if (a.do === 'expect') return this.expect(a.step, a.check, rec);
    // A session has the RFC's files: only the kernel itself lacks them.
    if ((a.do === 'read' || a.do === 'write') && a.modelOnly && this.backend.name === 'host') {
      rec.runs.push({ i, task: a.task, call: a.do, result: { modelOnly: true } });
      if (a.do === 'write') {
        this.rep.stoppedAt = rec.n;
        this.rep.notes.push(
          `step ${rec.n} writes a file only the model has (/proc/<pid>/semundo): the host stops there, later steps run on the model only`,
        );
        for (const [task, s] of this.sleeping)
          this.rep.notes.push(
            `task ${task} is asleep in the call of step ${s.step} when the host stops: how that call ends is seen on the model only`,
          );
      } else
        this.rep.notes.push(
          `step ${rec.n} reads a file only the model has (/proc/<pid>/semundo): model only`,
        );
      return;
    }
    this.checkAwake(a, rec.n);
    const resolved = resolveCall(a, this.values);
    const range = callRangeError(resolved);
    if (range) throw new ScenarioRunError(rec.n, `field "${range[0]}": ${range[1]}`);
    const call = asCTypes(resolved);
    if ((call.op === 'read' || call.op === 'write') && !isAllowedPath(call.path))
      throw new ScenarioRunError(
        rec.n,
        `field "path": ${call.path} is not a file scenarios may use (${ALLOWED_PATHS})`,
      );
    const run: RunRecord = { i, task: a.task, call: a.do, result: { blocked: true } };
    rec.runs.push(run);
    const outcome = await this.backend.call(call, (e) => {
      run.ended = e;
      run.endedAt = this.begun;
      if (this.sleeping.get(a.task)?.run === run) this.sleeping.delete(a.task);
    });
    run.result = normalize(call, outcome, this.labelOf);
    if ('blocked' in outcome && run.ended === undefined) this.sleeping.set(a.task, { run, step: rec.n });
    if (a.do === 'spawn' || a.do === 'fork' || a.do === 'thread') this.labels.push(a.task);
    if (a.save !== undefined)
      this.saved.set(a.save, { step: rec.n, ...('ret' in outcome && { value: outcome.ret }) });
  }

  /** A task asleep in semop, or stopped, makes no call (kill is sent to it from outside). */
  private checkAwake(a: CallAction, n: number): void {
    if (a.do === 'kill') return;
    for (const t of a.do === 'fork' || a.do === 'thread' ? [a.from] : [a.task]) {
      if (!this.backend.alive(t)) continue;
      const s = this.sleeping.get(t);
      if (s)
        throw new ScenarioRunError(
          n,
          `task ${t} is asleep in the call of step ${s.step} and cannot make another call`,
        );
      if (this.backend.stopped(t))
        throw new ScenarioRunError(n, `task ${t} is stopped (SIGSTOP) and cannot make a call until SIGCONT`);
    }
  }

  private expect(target: number, check: Parameters<typeof checkRun>[0], rec: StepRecord): void {
    const t = this.rep.steps[target - 1]!;
    const expected = this.resolveExpected(expectedOf(check));
    for (const r of t.runs) {
      if ('modelOnly' in r.result) {
        if (!this.modelOnlyNoted)
          this.rep.notes.push(`step ${rec.n} checks a model-only step: checked on the model only`);
        this.modelOnlyNoted = true;
        continue;
      }
      const bad = checkRun(check, expected, r);
      if (bad !== null)
        this.rep.failures.push({ step: rec.n, line: rec.line, target, run: r.i, expected, actual: bad });
    }
  }

  /** "$A" (a task) reads as the label A, as results show pids; "$S" as the saved number; refs in text as numbers. */
  private resolveExpected(v: unknown): unknown {
    if (typeof v === 'string') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(v);
      if (m && this.labels.includes(m[1]!) && !this.saved.has(m[1]!)) return m[1];
      const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)(\.tid)?$/.exec(v);
      if (whole) return this.values.value({ ref: whole[1]!, tid: whole[2] !== undefined });
      return v.replace(/\$([A-Za-z_][A-Za-z0-9_]*)(\.tid)?/g, (_, name: string, tid?: string) =>
        String(this.values.value({ ref: name, tid: tid !== undefined })),
      );
    }
    if (Array.isArray(v)) return v.map((x) => this.resolveExpected(x));
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolveExpected(x)]));
    return v;
  }
}
