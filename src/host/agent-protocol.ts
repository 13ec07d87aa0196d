// What the scenario runner and a task agent (one task of a scenario: a process's main thread or one of
// its threads) say to each other: one JSON object per line over a unix socket of the runner.
import type { Sembuf, SemidDsSet } from '../abi/index.js';
import type { ThreadCred } from './thread-credentials.js';
import type { Disposition } from './signals.js';

/** Signal number -> disposition, for the signals a scenario changed (the others are at their default). */
export type SignalMap = Record<number, Disposition>;

/** The capability sets of a ThreadCred travel as hex strings (JSON has no bigint). */
export interface WireCred {
  uids: [number, number, number];
  gids: [number, number, number];
  groups: number[];
  caps?: { effective: string; permitted: string; inheritable: string };
}

export type AgentRequest = { id: number } & (
  | { op: 'assign'; ns: string; cred: WireCred; signals: SignalMap }
  | { op: 'semget'; key: number; nsems: number; semflg: number }
  | { op: 'semop'; semid: number; sops: Sembuf[] }
  | { op: 'semtimedop'; semid: number; sops: Sembuf[]; timeout: [number, number] | null }
  | { op: 'semctl'; semid: number; semnum: number; cmd: number; arg?: number | number[] | SemidDsSet | null }
  | {
      op: 'setcred';
      uid?: number;
      gid?: number;
      euid?: number;
      egid?: number;
      groups?: number[];
      caps?: string;
    }
  | { op: 'unshare'; flags: number }
  | { op: 'sigaction'; sig: number; action: Disposition }
  | { op: 'thread'; token: string; sysvsem: boolean }
  | { op: 'fork'; token: string; signals: SignalMap }
  | { op: 'exec'; token: string; signals: SignalMap }
  | { op: 'exit' }
  | { op: 'read'; path: string; chunk?: number }
  | { op: 'write'; path: string; data: string }
);

/** ret >= 0 with perhaps a value, or errno (positive) for a failed call. */
export type AgentReply = { id: number } & (
  { ret: number; value?: unknown } | { errno: number } | { fault: string }
);

/** The first line every agent thread sends: who it is. */
export interface AgentHello {
  hello: string;
  pid: number;
  tid: number;
}

/** How a task agent is started (command line of a process, or workerData of a thread). */
export interface AgentStart {
  socket: string;
  token: string;
  /** Started by clone+exec or exec of a task: keeps the undo list it inherited; applies these signals. */
  inherited?: SignalMap;
  /** For a thread: false makes it unshare(CLONE_SYSVSEM) before anything else. */
  sysvsem?: boolean;
}

export function toWireCred(c: ThreadCred): WireCred {
  const hex = (v: bigint) => v.toString(16);
  return {
    uids: [...c.uids],
    gids: [...c.gids],
    groups: [...c.groups],
    ...(c.caps && {
      caps: {
        effective: hex(c.caps.effective),
        permitted: hex(c.caps.permitted),
        inheritable: hex(c.caps.inheritable),
      },
    }),
  };
}

export function fromWireCred(w: WireCred): ThreadCred {
  const big = (s: string) => BigInt(`0x${s}`);
  return {
    uids: w.uids,
    gids: w.gids,
    groups: w.groups,
    ...(w.caps && {
      caps: {
        effective: big(w.caps.effective),
        permitted: big(w.caps.permitted),
        inheritable: big(w.caps.inheritable),
      },
    }),
  };
}

/** The command line of a task agent process. */
export function agentArgs(script: string, start: AgentStart): string[] {
  const args = [script, '--socket', start.socket, '--token', start.token];
  if (start.inherited) args.push('--inherited', JSON.stringify(start.inherited));
  return args;
}

export function parseAgentArgs(argv: readonly string[]): AgentStart {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const socket = get('--socket');
  const token = get('--token');
  if (!socket || !token) throw new Error('task agent: --socket and --token are required');
  const inherited = get('--inherited');
  return { socket, token, ...(inherited !== undefined && { inherited: JSON.parse(inherited) as SignalMap }) };
}
