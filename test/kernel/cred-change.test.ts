// Credential changes and their privilege checks (kernel/sys.c, kernel/groups.c, security/commoncap.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAP_IPC_OWNER, CAP_SETGID, CAP_SETUID, EPERM } from '../../src/abi/index.js';
import {
  KEEP_ID,
  credCapset,
  credSetgroups,
  credSetresgid,
  credSetresuid,
  makeCred,
  type Cred,
} from '../../src/kernel/index.js';

const K = KEEP_ID;
const cred = (r: Cred | number): Cred => {
  assert.equal(typeof r, 'object', `expected credentials, got ${String(r)}`);
  return r as Cred;
};
const ids = (c: Cred) => [c.uid, c.euid, c.suid, c.fsuid];

test('without CAP_SETUID a uid may only become one of the current three', () => {
  const u = makeCred(1000, 1000, []);
  assert.deepEqual(ids(cred(credSetresuid(u, 1000, 1000, 1000, false))), [1000, 1000, 1000, 1000]);
  assert.equal(credSetresuid(u, K, 1001, K, false), -EPERM);
  assert.equal(credSetresuid(u, 0, K, K, false), -EPERM);
  const s = makeCred(1000, 1000, [], [CAP_SETUID]);
  assert.deepEqual(ids(cred(credSetresuid(s, K, 1001, 1001, false))), [1000, 1001, 1001, 1001]);
});

test('root dropping every uid 0 loses its capabilities; euid only keeps them permitted', () => {
  const root = makeCred(0, 0, []);
  const all = cred(credSetresuid(root, 1000, 1000, 1000, false));
  assert.equal(all.capPrm.size + all.capEff.size, 0);
  assert.equal(credSetresuid(all, K, 0, K, false), -EPERM);
  const half = cred(credSetresuid(root, K, 1000, 1000, false));
  assert.deepEqual([half.capEff.size, half.capPrm.size], [0, root.capPrm.size]);
  const back = cred(credSetresuid(half, K, 0, K, false));
  assert.deepEqual([...back.capEff].sort(), [...root.capEff].sort());
});

test('keeping capabilities across the drop keeps the permitted set only', () => {
  const root = makeCred(0, 0, [], [CAP_SETUID]);
  const c = cred(credSetresuid(root, 1000, 1000, 1000, true));
  assert.deepEqual([[...c.capEff], [...c.capPrm]], [[], [CAP_SETUID]]);
});

test('gids follow the same rules with CAP_SETGID, and set fsgid', () => {
  const u = makeCred(1000, 1000, []);
  assert.equal(credSetresgid(u, K, 2000, K), -EPERM);
  const g = cred(credSetresgid(makeCred(1000, 1000, [], [CAP_SETGID]), K, 2000, 2000));
  assert.deepEqual([g.gid, g.egid, g.sgid, g.fsgid], [1000, 2000, 2000, 2000]);
});

test('setgroups needs CAP_SETGID and sorts the groups', () => {
  assert.equal(credSetgroups(makeCred(1000, 1000, []), []), -EPERM);
  const g = cred(credSetgroups(makeCred(1000, 1000, [], [CAP_SETGID]), [3, 1, 2]));
  assert.deepEqual(g.groups, [1, 2, 3]);
});

test('capset may not raise the permitted set nor make effective what is not permitted', () => {
  const c = makeCred(1000, 1000, [], [CAP_IPC_OWNER]);
  assert.equal(credCapset(c, new Set([CAP_SETUID]), new Set([CAP_SETUID])), -EPERM);
  assert.equal(credCapset(c, new Set([CAP_IPC_OWNER]), new Set()), -EPERM);
  const none = cred(credCapset(c, new Set(), new Set()));
  assert.equal(credCapset(none, new Set([CAP_IPC_OWNER]), new Set([CAP_IPC_OWNER])), -EPERM);
});
