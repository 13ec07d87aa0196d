// A parsed scenario (spec/scenario-format.md): steps whose values are expressions still to be resolved
// against what a run saved (ids, pids).

/** `$X` (a saved value or a task's pid) or `$X.tid` (a task's thread id). */
export interface Ref {
  ref: string;
  tid: boolean;
}

/** A number: constants and literals already folded into `constant`, OR-ed with the refs' values. */
export interface Expr {
  constant: number;
  refs: Ref[];
  /** True when the expression is one ref alone: its value is taken as is. */
  single: boolean;
}

/** A string with `$X` / `$X.tid` references inside. */
export type Template = Array<string | Ref>;

export type SignalAction = 'catch' | 'ignore' | 'default';

export type SemctlArgExpr =
  | { kind: 'value'; value: Expr }
  | { kind: 'values'; values: Expr[] }
  | { kind: 'perm'; uid: Expr; gid: Expr; mode: Expr };

/** `timeout_ns` (a bigint when a double cannot hold it exactly) or `timeout: [sec, nsec]`. */
export type TimeoutExpr = { ns: Expr | bigint } | { sec: Expr; nsec: Expr } | null;

export type SopExpr = [num: Expr, op: Expr, flg: Expr];

export interface CredExprs {
  uid?: Expr;
  gid?: Expr;
  euid?: Expr;
  egid?: Expr;
  groups?: Expr[];
  caps?: string[];
}

/** A system-call-like action of one task. */
export type CallAction =
  | ({ do: 'spawn'; task: string } & Pick<CredExprs, 'uid' | 'gid' | 'groups' | 'caps'>)
  | { do: 'fork'; task: string; from: string; sysvsem: boolean }
  | { do: 'thread'; task: string; from: string; sysvsem: boolean }
  | ({ do: 'setcred'; task: string } & CredExprs)
  | { do: 'semget'; task: string; key: Expr; nsems: Expr; flags: Expr }
  | { do: 'semop'; task: string; semid: Expr; sops: SopExpr[] }
  | { do: 'semtimedop'; task: string; semid: Expr; sops: SopExpr[]; timeout: TimeoutExpr }
  | { do: 'semctl'; task: string; semid: Expr; semnum: Expr; cmd: Expr; arg?: SemctlArgExpr }
  | { do: 'unshare'; task: string; flags: Expr }
  | { do: 'sigaction'; task: string; sig: Expr; action: SignalAction }
  | { do: 'kill'; task: string; sig: Expr }
  | { do: 'exit'; task: string }
  | { do: 'exec'; task: string }
  | { do: 'read'; task: string; path: Template; chunk?: Expr; modelOnly: boolean }
  | { do: 'write'; task: string; path: Template; data: Template; modelOnly: boolean };

export type CallName = CallAction['do'];

/** What an expect asserts about an earlier step; values may hold refs (resolved when checked). */
export type ExpectCheck =
  | { ret: unknown }
  | { errno: string }
  | { blocked: boolean }
  | { value: unknown }
  | { ended: { ret: unknown } | { errno: string } };

export type Action =
  | (CallAction & { save?: string })
  | { do: 'settle'; ms: number }
  | { do: 'expect'; step: number; check: ExpectCheck };

/** One line of the file: step number n, run `runs.length` times (repeat), `$i` already substituted. */
export interface Step {
  n: number;
  line: number;
  id?: string;
  runs: Action[];
}

export interface Scenario {
  file: string;
  steps: Step[];
}
