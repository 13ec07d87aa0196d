// How `semundo demo` runs a program under `semundo run` and the `semundo` commands it shows beside it:
// each a separate command, its output relayed indented.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** `semundo ARGS...` run as a separate command (in `cwd`), its output (if any) indented. */
export function semundo(args: readonly string[], say: (line: string) => void, cwd?: string): void {
  say(`$ semundo ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  const output = `${r.stdout}${r.stderr}`.trimEnd();
  if (output !== '') for (const l of output.split('\n')) say(`  ${l}`);
}

/**
 * `semundo RUN_ARGS... -- node PROGRAM PROGRAM_ARGS...` with its lines relayed. At each "ready PID" line the
 * program waits: `onReady(PID, the session's pid)` runs, then the program is told to go on. Resolves to the
 * exit status of `semundo run`.
 */
export async function relaySession(
  runArgs: readonly string[],
  program: readonly string[],
  onReady: (pid: string, session: number) => void,
  say: (line: string) => void,
  cwd?: string,
): Promise<number | null> {
  const child = spawn(process.execPath, [MAIN, 'run', ...runArgs, '--', process.execPath, ...program], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd,
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  // What `semundo run` itself says (a restore's losses) is part of the story.
  createInterface({ input: child.stderr }).on('line', (l) => say(`  ${l}`));
  for await (const line of createInterface({ input: child.stdout })) {
    const ready = /^ready (\d+)$/.exec(line);
    if (!ready) {
      say(`  ${line}`);
      continue;
    }
    onReady(ready[1]!, child.pid!);
    child.stdin.write('go\n');
  }
  child.stdin.end();
  const [code] = await exited;
  return code;
}
