// Live checkpoint and restart, for real: random multi-process histories (history.c) run under semundo run;
// an image taken at a random moment while they run, restored into a new session where the same workers,
// restarted from the progress the image holds, take their saved undo lists (by semundo undo adopt or by
// writing semundo undo --from into /proc/self/semundo), ends with the values the first session reached.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeImage, type ImageBody } from '../../src/image/index.js';
import { ask, socketPath } from '../../src/session/index.js';
import type { CheckpointResult } from '../../src/supervisor/live-checkpoint.js';
import { compile, compilerSkipReason, runSkipReason } from './run-helpers.js';
import { semundo, startSession as start, until } from './session-helpers.js';

const skip = runSkipReason() ?? compilerSkipReason();
const RUNS = Number(process.env.SEMUNDO_RESTORE_RUNS) || 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** "final" and "expected" of history.c's output. */
function results(out: string): { final: string; expected: string } {
  const line = (k: string): string =>
    new RegExp(`^${k} (.*)$`, 'm').exec(out)?.[1] ?? `(no ${k} line in ${out})`;
  return { final: line('final'), expected: line('expected') };
}

/** The old pid of each worker, by its comm in the image's process map (hist-<i>), and whether it holds a list. */
function workersOf(body: ImageBody, nproc: number): ({ pid: number; list: boolean } | null)[] {
  const map = body.session!.processes;
  return Array.from({ length: nproc }, (_, i) => {
    const k = map.findIndex((p) => p.comm === `hist-${i}`);
    return k < 0 ? null : { pid: map[k]!.pid, list: body.processes[k]!.threads[0]!.undoList !== null };
  });
}

/** Trials whose image was taken before the history ended. */
let taken = 0;

interface Trial {
  seed: number;
  nproc: number;
  nops: number;
  delayMs: number;
  adopt: boolean[];
}

async function trial(bin: string, t: Trial): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'semundo-restore-'));
  try {
    const common = [String(t.seed), String(t.nproc), String(t.nops)];
    const a = start(['--', bin, ...common]);
    await until(() => a.out().includes('started'), 'the first session to start');
    await sleep(t.delayMs);
    const img = join(dir, 'img');
    // Asked from here (not by starting semundo checkpoint) so the moment is the one chosen.
    const ck = await ask<CheckpointResult>(socketPath(process.geteuid!(), a.pid), { op: 'checkpoint' });
    assert.equal(await a.ended, 0, a.out());
    // A history that ended before its image could be taken has nothing to restore.
    if (!ck.ok) return;
    taken++;
    writeFileSync(img, ck.result.text);
    const first = results(a.out());
    assert.equal(first.final, first.expected);

    const body = decodeImage(readFileSync(img, 'utf8')).body;
    if (process.env.SEMUNDO_RESTORE_DEBUG)
      console.log(
        `# image: ${body.processes.length} processes, ${body.undoLists.filter((l) => l.entries.some((e) => e.semadj.some((x) => x !== 0))).length} nonzero lists, sleepers ${body.processes.flatMap((p) => p.threads).filter((t) => t.call).length}`,
      );
    const workers = workersOf(body, t.nproc);
    const modes = workers.map((w, i) => (!w?.list ? '-' : t.adopt[i] ? 'a' : 'w'));
    workers.forEach((w, i) => {
      if (modes[i] !== 'w') return;
      const lines = semundo(['undo', '--from', img, String(w!.pid)]);
      assert.equal(lines.status, 0, lines.stderr);
      writeFileSync(join(dir, `undo-${i}`), lines.stdout);
    });
    const b = start(['--restore', img, '--', bin, ...common, 'resume', dir, modes.join('')]);
    for (let i = 0; i < t.nproc; i++) {
      if (modes[i] !== 'a') continue;
      const pidFile = join(dir, `pid-${i}`);
      await until(() => existsSync(pidFile), `worker ${i} to start again`);
      const now = readFileSync(pidFile, 'utf8').trim();
      const r = semundo(['undo', 'adopt', '--session', String(b.pid), String(workers[i]!.pid), now]);
      assert.equal(r.status, 0, r.stderr);
      writeFileSync(join(dir, `go-${i}`), '');
    }
    // A restore that gets an undo list wrong can leave workers waiting for ever.
    const timeout = sleep(30_000).then(() => 'timed out');
    const ended = await Promise.race([b.ended, timeout]);
    if (ended === 'timed out') b.kill();
    assert.equal(ended, 0, `the restored session of ${JSON.stringify(t)} ended with ${ended}: ${b.out()}`);
    assert.equal(results(b.out()).final, first.final, `restored from ${JSON.stringify(t)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('semundo checkpoint and run --restore', { skip: skip ?? false }, () => {
  it('a history restored from an image taken at a random moment ends as the original did', async () => {
    const bin = compile('history');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          nproc: fc.integer({ min: 2, max: 5 }),
          nops: fc.integer({ min: 20, max: 60 }),
          delayMs: fc.integer({ min: 0, max: 150 }),
          adopt: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        }),
        async (t) => trial(bin, t),
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Most images are taken while the workers run (a few histories may end first).
    assert.ok(taken >= RUNS / 2, `only ${taken} of ${RUNS} images were taken while the history ran`);
  });
});
