// `semundo scenario run` as a whole, on the model: exit codes, and bad input that runs nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, runScenarioFiles } from '../../src/scenario/run-files.js';

const dir = mkdtempSync(join(tmpdir(), 'semundo-run-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, ...lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

async function run(files: string[], json = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runScenarioFiles(files, {
    backend: 'model',
    json,
    print: (l) => out.push(l),
    warn: (l) => err.push(l),
  });
  return { code, out, err };
}

const GOOD = [
  '{"do":"spawn","task":"A"}',
  '{"do":"semget","task":"A","key":"IPC_PRIVATE","nsems":1,"flags":"IPC_CREAT|0600","save":"S"}',
  '{"do":"semop","task":"A","semid":"$S","sops":[[0,-1,0]],"id":"w"}',
  '{"do":"expect","step":"w","blocked":true}',
];

describe('scenario run', () => {
  it('exits 0 when every expect holds', async () => {
    const r = await run([file('good.jsonl', ...GOOD)]);
    assert.equal(r.code, EXIT_OK);
    assert.match(r.out.join('\n'), /blocked/);
  });

  it('exits 1 on a failed expect, naming the file, the step and both values', async () => {
    const r = await run([file('bad-expect.jsonl', ...GOOD, '{"do":"expect","step":2,"ret":7}')]);
    assert.equal(r.code, EXIT_FAILED);
    assert.match(
      r.out.join('\n'),
      /bad-expect\.jsonl[\s\S]*EXPECT FAILED on model: step 5 \(line 5\) checks step 2: expected 7, got \{"ret":0\}/,
    );
  });

  it('exits 1 when a task asleep in semop is made to call again', async () => {
    const r = await run([
      file('asleep.jsonl', ...GOOD, '{"do":"semget","task":"A","key":0,"nsems":1,"flags":0}'),
    ]);
    assert.equal(r.code, EXIT_FAILED);
    assert.match(r.out.join('\n'), /task A is asleep in the call of step 3/);
  });

  it('exits 2 on bad input, and runs none of the files', async () => {
    const good = file('fine.jsonl', ...GOOD);
    const bad = file('broken.jsonl', '{"do":"spawn","task":"A"}', '{"do":"semget","task":"A"}');
    const r = await run([good, bad]);
    assert.equal(r.code, EXIT_BAD_INPUT);
    assert.deepEqual(r.out, []);
    assert.match(r.err.join('\n'), /broken\.jsonl:2: field "key": missing/);
    assert.equal((await run([join(dir, 'no-such-file.jsonl')])).code, EXIT_BAD_INPUT);
  });

  it('prints one JSON object per result with --json', async () => {
    const r = await run([file('json.jsonl', ...GOOD)], true);
    const objs = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      objs.find((o) => o.step === 3),
      { file: join(dir, 'json.jsonl'), backend: 'model', step: 3, task: 'A', call: 'semop', blocked: true },
    );
    assert.equal(objs.at(-1)!.ok, true);
  });
});
