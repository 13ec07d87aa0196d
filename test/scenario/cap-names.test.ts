// Capability names in `caps` lists: every capability of include/uapi/linux/capability.h
// (src/abi/caps.ts), on the parser, the model and the host backend's capability sets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as abi from '../../src/abi/index.js';
import { CAPABILITIES } from '../../src/abi/index.js';
import { checkpoint, createKernel, restore } from '../../src/api/index.js';
import { ALL_CAPS, makeCred } from '../../src/kernel/credentials.js';
import { capBits } from '../../src/scenario/host/host-lifecycle.js';
import { ModelBackend } from '../../src/scenario/model/model-backend.js';
import { parseScenario } from '../../src/scenario/parse/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';

/** include/uapi/linux/capability.h, in bit order. */
const LINUX = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

describe('capability names', () => {
  it('are every Linux capability, with its bit number, each also an ABI constant', () => {
    assert.deepEqual(
      Object.entries(CAPABILITIES).sort((a, b) => a[1] - b[1]),
      LINUX.map((name, bit) => [name, bit]),
    );
    for (const [name, bit] of Object.entries(CAPABILITIES))
      assert.equal((abi as Record<string, unknown>)[name], bit, name);
  });

  it('may all be named in spawn and setcred', () => {
    const caps = JSON.stringify(LINUX);
    const sc = parseScenario(
      't.jsonl',
      [
        `{"do":"spawn","task":"A","uid":1000,"caps":${caps}}`,
        `{"do":"setcred","task":"A","caps":["CAP_KILL","CAP_NET_ADMIN","CAP_CHOWN"]}`,
      ].join('\n'),
    );
    assert.deepEqual((sc.steps[0]!.runs[0] as { caps: string[] }).caps, LINUX);
    assert.throws(
      () => parseScenario('t.jsonl', '{"do":"spawn","task":"A","caps":["CAP_KILLALL"]}'),
      /capability/,
    );
    assert.throws(
      () => parseScenario('t.jsonl', '{"do":"spawn","task":"A","caps":["toString"]}'),
      /capability/,
    );
  });

  it('give root all of them by default, on the model and through an image', () => {
    const all = LINUX.map((_, bit) => bit);
    assert.deepEqual(
      [...ALL_CAPS].sort((a, b) => a - b),
      all,
    );
    assert.deepEqual(
      [...makeCred(0, 0, []).capEff].sort((a, b) => a - b),
      all,
    );
    assert.equal(makeCred(1000, 1000, []).capEff.size, 0);
    const k = createKernel();
    const root = k.spawn();
    for (const mode of ['exact', 'syscalls'] as const) {
      const back = restore(checkpoint(k), { mode });
      const cred = back.task(back.restoredTids.get(root.pid)!)!.k.cred;
      const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);
      assert.deepEqual([sorted(cred.capEff), sorted(cred.capPrm)], [all, all], mode);
    }
  });

  it('map to their bits in the host backend capability sets', () => {
    assert.equal(capBits(['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_ADMIN']), 1n | (1n << 5n) | (1n << 12n));
    assert.equal(capBits(LINUX), (1n << 41n) - 1n);
  });

  it('that IPC does not check give no access on the model; CAP_IPC_OWNER does', async () => {
    const sc = parseScenario(
      't.jsonl',
      [
        '{"do":"spawn","task":"A"}',
        '{"do":"semget","task":"A","key":"IPC_PRIVATE","nsems":1,"flags":"0600","save":"S"}',
        '{"do":"spawn","task":"U","uid":1000,"caps":["CAP_KILL","CAP_NET_ADMIN","CAP_DAC_OVERRIDE"]}',
        '{"do":"semctl","task":"U","semid":"$S","semnum":0,"cmd":"GETVAL","id":"closed"}',
        '{"do":"expect","step":"closed","errno":"EACCES"}',
        '{"do":"spawn","task":"O","uid":1000,"caps":["CAP_CHOWN","CAP_IPC_OWNER"]}',
        '{"do":"semctl","task":"O","semid":"$S","semnum":0,"cmd":"GETVAL","id":"open"}',
        '{"do":"expect","step":"open","ret":0}',
      ].join('\n'),
    );
    const rep = await runScenario(sc, new ModelBackend());
    assert.equal(rep.error, undefined);
    assert.deepEqual(rep.failures, []);
  });
});
