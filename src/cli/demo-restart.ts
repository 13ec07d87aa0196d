// `semundo demo`, act 5: a live session checkpointed (`semundo checkpoint`), ended, started again from the
// image (`semundo run --restore`), a restarted process given the old one's undo list (`semundo undo adopt`),
// and its crash giving back what the old process's crash gave back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sessionSupport } from '../session/index.js';
import { relaySession, semundo } from './demo-session.js';

const PROGRAM = fileURLToPath(new URL('./demo-restart-program.js', import.meta.url));
const IMAGE = 'session.img';

export async function runRestartAct(say: (line: string) => void): Promise<void> {
  const missing = sessionSupport();
  if (missing) return say(`(skipped: ${missing})`);
  const dir = mkdtempSync(join(tmpdir(), 'semundo-demo-'));
  try {
    let set = '';
    let old = '';
    const relay = (line: string): void => {
      set ||= /makes set (\d+)/.exec(line)?.[1] ?? '';
      say(line);
    };
    say(`$ semundo run -- node demo-restart-program.js first`);
    await relaySession(
      [],
      [PROGRAM, 'first'],
      (pid, session) => {
        old = pid;
        say(`from outside, while it runs: one consistent image of the session, pids and undo lists included`);
        semundo(['checkpoint', '--session', String(session), '-o', IMAGE], say, dir);
        semundo(['undo', '--from', IMAGE, pid], say, dir);
      },
      relay,
      dir,
    );
    say(`$ semundo run --restore ${IMAGE} -- node demo-restart-program.js resume ${set} ${old}`);
    const code = await relaySession(
      ['--restore', IMAGE],
      [PROGRAM, 'resume', set, old],
      (pid, session) => {
        say(`from outside: the restorer gives pid ${old}'s saved undo list to pid ${pid}`);
        semundo(['undo', 'adopt', old, pid, '--session', String(session)], say, dir);
      },
      say,
      dir,
    );
    say(`semundo run --restore exited with status ${String(code)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
