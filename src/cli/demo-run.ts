// `semundo demo`, last act: real processes under `semundo run` — SEM_UNDO taken, one process killed, its
// undo list read from inside (/proc/<pid>/semundo) and from outside (`semundo undo`, `semundo ipcs`).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sessionSupport } from '../session/index.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const PROGRAM = fileURLToPath(new URL('./demo-run-program.js', import.meta.url));

/** `semundo ARGS...` run as a separate command, its output indented. */
function semundo(args: readonly string[], say: (line: string) => void): void {
  say(`$ semundo ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  for (const l of `${r.stdout}${r.stderr}`.trimEnd().split('\n')) say(`  ${l}`);
}

export async function runRealProcessesAct(say: (line: string) => void): Promise<void> {
  const missing = sessionSupport();
  if (missing) return say(`(skipped: ${missing})`);
  say(
    `$ semundo run -- node demo-run-program.js   (every semaphore call of it and its children is served by semundo)`,
  );
  const child = spawn(process.execPath, [MAIN, 'run', '--', process.execPath, PROGRAM], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  for await (const line of createInterface({ input: child.stdout })) {
    const ready = /^ready (\d+)$/.exec(line);
    if (!ready) {
      say(`  ${line}`);
      continue;
    }
    say(`from outside the session, while it runs:`);
    semundo(['undo', ready[1]!], say);
    // This session's, whatever other sessions run meanwhile.
    semundo(['ipcs', '--session', String(child.pid), '--undo'], say);
    child.stdin.end('go\n');
  }
  const [code] = await exited;
  say(`semundo run exited with status ${String(code)}: the last process of the session had ended`);
}
