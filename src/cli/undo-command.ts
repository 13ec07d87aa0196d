// `semundo undo PID` (a live process's undo list), `semundo undo --from FILE OLD_PID` (a saved one, in the
// lines /proc/self/semundo takes) and `semundo undo adopt OLD_PID NEW_PID` (a saved list given to a process
// of a session restored from the image).
import { readFileSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { decodeImage, type ImageBody } from '../image/index.js';
import { semundoLine } from '../procfs/index.js';
import { ask, liveSessions, type SessionRef } from '../session/sessions.js';
import type { PsResult } from '../supervisor/control-protocol.js';
import type { AdoptResult } from '../supervisor/serve-adopt.js';
import { pickSession, positive } from './session-commands.js';

const out = (s: string): void => void writeSync(1, s);
const err = (s: string): void => void writeSync(2, s);

/** The saved list of process `pid` (its thread `tid`) in an image as /proc/<pid>/semundo showed it, or why not. */
export function savedUndoText(body: ImageBody, pid: number, tid?: number): string | { error: string } {
  const proc = body.processes.find((p) => p.pid === pid);
  if (!proc) return { error: `no process ${pid} in the image` };
  const thread = tid === undefined ? proc.threads[0]! : proc.threads.find((t) => t.tid === tid);
  if (!thread) return { error: `no thread ${tid} of process ${pid} in the image` };
  if (thread.undoList === null) return '';
  return body.undoLists[thread.undoList]!.entries.map((e) => semundoLine(e.semid, e.semadj)).join('');
}

/** The session (of those --session allows) whose model knows process `pid`, or null. */
async function sessionKnowing(pid: number, wanted: string | undefined): Promise<SessionRef | null> {
  const all = (await liveSessions()).filter((s) => wanted === undefined || String(s.pid) === wanted);
  for (const s of all) {
    const ps = await ask<PsResult>(s.path, { op: 'ps' });
    if (ps.ok && ps.result.processes.some((p) => p.pid === pid)) return s;
  }
  return null;
}

function fromImage(file: string, pid: number, tid: number | undefined): void {
  let body: ImageBody;
  try {
    body = decodeImage(readFileSync(file === '-' ? 0 : file, 'utf8')).body;
  } catch (e) {
    err(`semundo undo: ${file}: ${(e as Error).message}\n`);
    return process.exit(1);
  }
  const text = savedUndoText(body, pid, tid);
  if (typeof text !== 'string') {
    err(`semundo undo: ${file}: ${text.error}\n`);
    return process.exit(1);
  }
  out(text);
}

export function registerUndoCommand(program: Command): void {
  const undo = program
    .command('undo')
    .description("PID's undo list, as /proc/PID/semundo shows it to you (live, or --from an image)")
    .argument('<pid>', 'a process of a session (or of the image)', positive('PID'))
    .option('--tid <tid>', 'one thread of it (/proc/PID/task/TID/semundo)', positive('TID'))
    .option('--session <pid>', 'the session to look in (default: the one PID belongs to)')
    .option('--from <file>', 'the list PID had when the image was taken, as lines for /proc/self/semundo')
    .action(async (pid: number, opts: { tid?: number; session?: string; from?: string }) => {
      if (opts.from !== undefined) return fromImage(opts.from, pid, opts.tid);
      const s = await sessionKnowing(pid, opts.session);
      if (s) {
        const a = await ask<string>(s.path, { op: 'undo', pid, ...(opts.tid && { tid: opts.tid }) });
        if (!a.ok) {
          err(`semundo undo: ${pid}: ${a.errno === 'EACCES' ? 'permission denied' : a.error}\n`);
          return process.exit(1);
        }
        return out(a.result);
      }
      err(
        `semundo undo: ${pid}: no such process in ${opts.session ? `session ${opts.session}` : 'any session'}\n`,
      );
      process.exit(1);
    });

  undo
    .command('adopt')
    .description(
      'give the saved undo list of OLD_PID (from the image the session was restored from) to NEW_PID, a process of the session',
    )
    .argument('<old_pid>', 'a process (or thread) of the image', positive('OLD_PID'))
    .argument('<new_pid>', 'a process of the restored session', positive('NEW_PID'))
    .option('--session <pid>', 'the session (default: the one NEW_PID belongs to)')
    .action(async (old: number, pid: number, opts: { session?: string }) => {
      // A process that has made no semaphore call yet is not in any model: then the only (or named) session.
      const s = (await sessionKnowing(pid, opts.session)) ?? (await pickSession('undo adopt', opts.session));
      if (!s) return process.exit(1);
      const a = await ask<AdoptResult>(s.path, { op: 'adopt', old, pid });
      if (!a.ok) {
        err(`semundo undo adopt: ${a.error}${a.errno === 'EACCES' ? ' (permission denied)' : ''}\n`);
        return process.exit(1);
      }
    });
}
