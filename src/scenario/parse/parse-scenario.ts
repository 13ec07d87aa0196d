// A scenario file (JSON Lines) -> a Scenario, checked whole before anything runs: syntax, fields,
// constants, task labels and `$X` references defined before use, expects naming earlier steps.
import { callRangeError } from '../call-ranges.js';
import { resolveCall } from '../resolve.js';
import type { Action, CallAction, Ref, Scenario, Step } from '../scenario-types.js';
import { ScenarioInputError } from '../scenario-error.js';
import { parseAction, type RawAction } from './actions.js';
import { parseJsonLine } from './json-line.js';
import { FieldError, refsIn } from './values.js';

const MAX_FILE = 8 << 20;
const MAX_LINE = 2 << 20;
const MAX_REPEAT = 10_000;
const MAX_RUNS = 100_000;
const MAX_TASKS = 64;
/** A step id: letters, digits, `_`, `-` and `.` (`sg01-1`, `spec_2.1_1`). */
const STEP_ID = /^[A-Za-z0-9_.-]{1,200}$/;

/** What earlier steps have defined: task labels and saved names. */
class Names {
  readonly labels = new Set<string>();
  readonly saves = new Set<string>();
  readonly ids = new Map<string, number>();
  readonly kinds = new Map<number, string>();

  checkRef(field: string, r: Ref): void {
    if (this.labels.has(r.ref)) return;
    if (r.tid) throw new FieldError(field, `$${r.ref}.tid: ${r.ref} is not a task label defined earlier`);
    if (!this.saves.has(r.ref))
      throw new FieldError(
        field,
        `$${r.ref} is not defined earlier (no task with that label, no "save" with that name)`,
      );
  }
}

export function parseScenario(file: string, text: string): Scenario {
  if (text.length > MAX_FILE) throw new ScenarioInputError(file, null, null, `larger than ${MAX_FILE} bytes`);
  const names = new Names();
  const steps: Step[] = [];
  let runs = 0;
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    const src = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = src.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fail = (field: string | null, problem: string) =>
      new ScenarioInputError(file, line, field, problem);
    if (src.length > MAX_LINE) throw fail(null, `line longer than ${MAX_LINE} characters`);
    let obj: unknown;
    try {
      obj = parseJsonLine(trimmed);
    } catch (e) {
      throw fail(null, `not valid JSON (${(e as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
      throw fail(null, 'a step must be a JSON object such as {"do":"semget",...}');
    const o = obj as Record<string, unknown>;
    const n = steps.length + 1;
    try {
      const repeat = repeatCount(o);
      runs += repeat;
      if (runs > MAX_RUNS) throw new FieldError('repeat', `the file runs more than ${MAX_RUNS} steps in all`);
      const id = stepId(o, names);
      const actions: Action[] = [];
      for (let i = 0; i < repeat; i++) {
        const it = o.repeat === undefined ? o : (substituteI(o, i) as Record<string, unknown>);
        const refs: Array<[string, Ref]> = [];
        const raw = parseAction(it, (field, r) => refs.push([field, r]));
        actions.push(checkAction(raw, refs, n, names));
      }
      names.kinds.set(n, actions[0]!.do);
      if (id !== undefined) names.ids.set(id, n);
      steps.push({ n, line, ...(id !== undefined && { id }), runs: actions });
    } catch (e) {
      if (e instanceof FieldError) throw fail(e.field, e.message);
      throw e;
    }
  });
  return { file, steps };
}

function repeatCount(o: Record<string, unknown>): number {
  if (!Object.hasOwn(o, 'repeat')) return 1;
  const r = o.repeat;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > MAX_REPEAT)
    throw new FieldError('repeat', `expected a whole number from 1 to ${MAX_REPEAT}`);
  return r;
}

function stepId(o: Record<string, unknown>, names: Names): string | undefined {
  if (!Object.hasOwn(o, 'id')) return undefined;
  const id = o.id;
  if (typeof id !== 'string' || !STEP_ID.test(id))
    throw new FieldError('id', 'expected a name of 1 to 200 letters, digits, _, - and .');
  if (names.ids.has(id)) throw new FieldError('id', `"${id}" already names step ${names.ids.get(id)}`);
  return id;
}

/** `$i` inside a repeated step stands for the run's index (0 ... N-1), in every string. */
function substituteI(v: unknown, i: number, depth = 0): unknown {
  if (depth > 64) throw new FieldError('repeat', 'nested more than 64 levels deep');
  if (typeof v === 'string') return v.replace(/\$i(?![A-Za-z0-9_])/g, String(i));
  if (Array.isArray(v)) return v.map((x) => substituteI(x, i, depth + 1));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, k, { value: substituteI(x, i, depth + 1), enumerable: true });
    return out;
  }
  return v;
}

function checkAction(raw: RawAction, refs: ReadonlyArray<[string, Ref]>, n: number, names: Names): Action {
  if (raw.do === 'settle') return raw;
  if (raw.do === 'expect') {
    if (!('stepRef' in raw)) return raw;
    const target = typeof raw.stepRef === 'number' ? raw.stepRef : names.ids.get(raw.stepRef);
    if (target === undefined)
      throw new FieldError('step', `no earlier step has the id "${String(raw.stepRef)}"`);
    if (target >= n)
      throw new FieldError('step', `step ${target} is not an earlier step (this is step ${n})`);
    const kind = names.kinds.get(target);
    if (kind === 'expect' || kind === 'settle')
      throw new FieldError('step', `step ${target} is a ${kind}, which has no result`);
    const k = Object.keys(raw.check)[0]!;
    if ((k === 'blocked' || k === 'ended') && kind !== 'semop' && kind !== 'semtimedop')
      throw new FieldError(k, `step ${target} is a ${kind}, which never blocks`);
    refsIn(raw.check).forEach((r) => names.checkRef(k, r));
    return { do: 'expect', step: target, check: raw.check };
  }
  const a = raw as Action & { task: string };
  if (a.do === 'spawn' || a.do === 'fork' || a.do === 'thread') {
    if (a.do !== 'spawn' && !names.labels.has(a.from))
      throw new FieldError('from', `no task "${a.from}" was made earlier`);
    if (names.labels.has(a.task) || names.saves.has(a.task) || a.task === 'i')
      throw new FieldError('task', `"${a.task}" is already a task label or a saved name`);
  } else if (!names.labels.has(a.task)) throw new FieldError('task', `no task "${a.task}" was made earlier`);
  for (const [field, r] of refs) names.checkRef(field, r);
  // Constants out of range are refused now; values that come from references are checked when run.
  const range = callRangeError(resolveCall(a as CallAction, { value: () => 0 }));
  if (range) throw new FieldError(range[0], range[1]);
  if (a.do === 'spawn' || a.do === 'fork' || a.do === 'thread') {
    if (names.labels.size >= MAX_TASKS)
      throw new FieldError(
        'task',
        `more than ${MAX_TASKS} tasks in one scenario (each is a process or thread)`,
      );
    names.labels.add(a.task);
  }
  if ('save' in a && a.save !== undefined) {
    if (names.labels.has(a.save) || a.save === 'i')
      throw new FieldError('save', `"${a.save}" is a task label; a save name may not repeat one`);
    names.saves.add(a.save);
  }
  return a;
}
