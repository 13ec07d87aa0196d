// `semundo ps`, `semundo ipcs` and `semundo undo`: running sessions seen from outside, through their control sockets.
import { writeSync } from 'node:fs';
import type { Command } from 'commander';
import { ask, liveSessions, type SessionRef } from '../session/sessions.js';
import { formatIpcs, formatIpcsId, formatUndoLists, type IpcsView } from '../session/ipcs-format.js';
import { formatPs } from '../session/ps-format.js';
import type { IpcsResult, PsResult } from '../supervisor/control-protocol.js';

const out = (s: string): void => void writeSync(1, s);
const err = (s: string): void => void writeSync(2, s);

/** The session named by --session, or the only one running; null (after saying why) otherwise. */
export async function pickSession(cmd: string, wanted: string | undefined): Promise<SessionRef | null> {
  const all = await liveSessions();
  if (wanted !== undefined) {
    const s = all.find((x) => String(x.pid) === wanted);
    if (!s) err(`semundo ${cmd}: no session ${wanted}\n`);
    return s ?? null;
  }
  if (all.length === 1) return all[0]!;
  err(
    all.length === 0
      ? `semundo ${cmd}: no session is running\n`
      : `semundo ${cmd}: ${all.length} sessions are running (${all.map((s) => s.pid).join(', ')}); choose one with --session PID\n`,
  );
  return null;
}

export const positive =
  (name: string) =>
  (v: string): number => {
    if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 0x3fffffff)
      throw new Error(`${name} must be a positive integer`);
    return Number(v);
  };

export function registerSessionCommands(program: Command): void {
  program
    .command('ps')
    .description('list the running sessions and their processes')
    .option('--json', 'one JSON object per session')
    .action(async (opts: { json?: boolean }) => {
      for (const s of await liveSessions()) {
        const a = await ask<PsResult>(s.path, { op: 'ps' });
        if (!a.ok) {
          err(`semundo ps: session ${s.pid}: ${a.error}\n`);
          continue;
        }
        out(opts.json ? JSON.stringify(a.result) + '\n' : formatPs(a.result));
      }
    });

  program
    .command('ipcs')
    .description(
      "a session's semaphore sets as util-linux ipcs -s shows them, and --undo the processes' undo lists",
    )
    .option('--session <pid>', 'the session (the pid of its semundo run); needed when several run')
    .option('-s, --semaphores', 'semaphores (the only kind there is)')
    .option('-i, --id <id>', 'details of one set')
    .option('-t, --time', 'times of the last operation and change')
    .option('-c, --creator', 'creators and owners')
    .option('-p, --pid', 'pids (nothing, for semaphores, as in ipcs)')
    .option('-l, --limits', 'the limits')
    .option('-u, --summary', 'the summary')
    .option('--undo', "every process's undo list")
    .option('--json', 'the raw state as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const s = await pickSession('ipcs', opts.session as string | undefined);
      if (!s) return process.exit(1);
      const a = await ask<IpcsResult>(s.path, { op: 'ipcs' });
      if (!a.ok) {
        err(`semundo ipcs: ${a.error}\n`);
        return process.exit(1);
      }
      if (opts.json) return out(JSON.stringify(a.result) + '\n');
      if (typeof opts.id === 'string') {
        const id = Number(opts.id);
        const text = /^-?[0-9]+$/.test(opts.id) ? formatIpcsId(a.result, id) : null;
        if (text === null) err(`semundo ipcs: id ${opts.id} not found\n`);
        else out(text);
      } else {
        const view: IpcsView = opts.time
          ? 'time'
          : opts.creator
            ? 'creator'
            : opts.pid
              ? 'pid'
              : opts.limits
                ? 'limits'
                : opts.summary
                  ? 'summary'
                  : 'default';
        out(formatIpcs(a.result, view));
      }
      if (opts.undo) out(formatUndoLists(a.result));
    });
}
