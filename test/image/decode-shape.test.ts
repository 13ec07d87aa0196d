// decodeImage, the shape stage: types, ranges, required fields and unknown fields, with exact paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeImage } from '../../src/image/decode.js';
import type { ImageBody, SleepingCallImage } from '../../src/image/image-types.js';
import { assertRefused, textWith } from './fixtures.js';

/** validBody() with a value replaced at a path given as keys. */
function withValue(keys: (string | number)[], value: unknown): string {
  return textWith((b) => {
    let o = b as unknown as Record<string | number, unknown>;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    o[keys[keys.length - 1]!] = value;
  });
}

/** validBody() with a field removed. */
function without(keys: (string | number)[]): string {
  return textWith((b) => {
    let o = b as unknown as Record<string | number, unknown>;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    delete o[keys[keys.length - 1]!];
  });
}

const sleeping = (b: ImageBody, p: number, t: number) =>
  b.processes[p]!.threads[t]!.call as SleepingCallImage;

test('a value out of range names its field: sets[3].sems[7].val: 40000 > 32767', () => {
  const text = textWith((b) => {
    const sems = Array.from({ length: 8 }, () => ({ val: 0, pid: 0, otime: 0 }));
    sems[7]!.val = 40000;
    b.namespaces[0]!.sets.push({ ...b.namespaces[0]!.sets[0]!, id: 5, sems });
  });
  assertRefused(
    text,
    'body.namespaces[0].sets[3].sems[7].val',
    'body.namespaces[0].sets[3].sems[7].val: 40000 > 32767',
  );
});

test('integers: type, fraction, lower and upper bounds', () => {
  const val = ['namespaces', 0, 'sets', 1, 'sems', 2, 'val'];
  const at = 'body.namespaces[0].sets[1].sems[2].val';
  assertRefused(withValue(val, '3'), at, `${at}: must be an integer, got "3"`);
  assertRefused(withValue(val, 1.5), at, `${at}: must be an integer, got 1.5`);
  assertRefused(withValue(val, null), at, `${at}: must be an integer, got null`);
  assertRefused(withValue(val, -1), at, `${at}: -1 < 0`);
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'mode'], 0o1000),
    'body.namespaces[0].sets[0].mode',
    /512 > 511/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'id'], 2 ** 31),
    'body.namespaces[0].sets[0].id',
    /2147483648 > 2147483647/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'key'], -(2 ** 31) - 1),
    'body.namespaces[0].sets[0].key',
    /< -2147483648/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'uid'], 2 ** 32),
    'body.namespaces[0].sets[0].uid',
    /4294967296 > 4294967295/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'ctime'], -1),
    'body.namespaces[0].sets[0].ctime',
    /-1 < 0/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'sems', 0, 'otime'], 2 ** 53),
    'body.namespaces[0].sets[0].sems[0].otime',
    /> 9007199254740991/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'sems', 0, 'pid'], -1),
    'body.namespaces[0].sets[0].sems[0].pid',
    /-1 < 0/,
  );
  assertRefused(withValue(['namespaces', 0, 'semNextId'], -2), 'body.namespaces[0].semNextId', /-2 < -1/);
  assertRefused(
    withValue(['namespaces', 0, 'ids', 'seq'], 65535),
    'body.namespaces[0].ids.seq',
    /65535 > 65534/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'ids', 'lastIdx'], 32768),
    'body.namespaces[0].ids.lastIdx',
    /32768 > 32767/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'ids', 'cursor'], 32769),
    'body.namespaces[0].ids.cursor',
    /32769 > 32768/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'limits', 'semopm'], 2 ** 31),
    'body.namespaces[0].limits.semopm',
    /> 2147483647/,
  );
  assertRefused(withValue(['namespaces', 0, 'inum'], -1), 'body.namespaces[0].inum', /-1 < 0/);
  assertRefused(
    withValue(['undoLists', 0, 'entries', 0, 'semadj', 2], -32769),
    'body.undoLists[0].entries[0].semadj[2]',
    /-32769 < -32768/,
  );
  assertRefused(withValue(['processes', 0, 'pid'], 0), 'body.processes[0].pid', /0 < 1/);
  assertRefused(
    withValue(['processes', 0, 'threads', 0, 'cred', 'capEff', 0], 41),
    'body.processes[0].threads[0].cred.capEff[0]',
    /41 > 40/,
  );
  assertRefused(
    withValue(['processes', 0, 'threads', 0, 'cred', 'groups'], [-1]),
    'body.processes[0].threads[0].cred.groups[0]',
    /-1 < 0/,
  );
  assertRefused(
    withValue(['processes', 2, 'dispositions', 0, 'sig'], 65),
    'body.processes[2].dispositions[0].sig',
    /65 > 64/,
  );
  assertRefused(
    withValue(['processes', 4, 'threads', 0, 'call', 'status'], 0),
    'body.processes[4].threads[0].call.status',
    /0 > -1/,
  );
  assertRefused(
    withValue(['processes', 4, 'threads', 0, 'call', 'status'], -4096),
    'body.processes[4].threads[0].call.status',
    /-4096 < -4095/,
  );
  assertRefused(withValue(['lastPid'], 2 ** 31), 'body.lastPid', /> 2147483647/);
});

test('the largest values a kernel can hold are accepted', () => {
  const text = textWith((b) => {
    const set = b.namespaces[0]!.sets[0]!;
    Object.assign(set, { uid: 4294967295, gid: 4294967295, key: -(2 ** 31) });
    set.sems[0] = { val: 32767, pid: 2 ** 31 - 1, otime: 2 ** 53 - 1 };
    b.namespaces[0]!.limits = { semmsl: -(2 ** 31), semmns: 2 ** 31 - 1, semopm: 0, semmni: -1 };
    b.namespaces[0]!.ids = { seq: 65534, lastIdx: 32767, cursor: 32768 };
    b.namespaces[0]!.semNextId = 2 ** 31 - 1;
    b.lastPid = 2 ** 31 - 1;
  });
  assert.equal(decodeImage(text).body.lastPid, 2 ** 31 - 1);
});

test('booleans, strings and enums', () => {
  assertRefused(
    withValue(['processes', 0, 'stopped'], 'no'),
    'body.processes[0].stopped',
    'body.processes[0].stopped: must be true or false, got "no"',
  );
  assertRefused(
    withValue(['source'], 'vm'),
    'body.source',
    'body.source: must be one of "model", "host", got "vm"',
  );
  assertRefused(
    withValue(['processes', 2, 'dispositions', 0, 'action'], 'default'),
    'body.processes[2].dispositions[0].action',
    /must be one of "catch", "ignore"/,
  );
  const ns = ['processes', 2, 'threads', 0, 'call', 'remainingNs'];
  const at = 'body.processes[2].threads[0].call.remainingNs';
  assertRefused(withValue(ns, '015'), at, `${at}: must be a decimal number without leading zeros, got "015"`);
  assertRefused(withValue(ns, '-1'), at, /without leading zeros, got "-1"/);
  assertRefused(withValue(ns, '1e9'), at, /without leading zeros/);
  assertRefused(withValue(ns, 15), at, `${at}: must be a string, got 15`);
  assert.ok(decodeImage(withValue(ns, '123456789012345678901234567890')));
});

test('objects and arrays: wrong type, empty, missing and unknown fields', () => {
  assertRefused(
    withValue(['namespaces'], {}),
    'body.namespaces',
    'body.namespaces: must be an array, got {}',
  );
  assertRefused(withValue(['namespaces'], []), 'body.namespaces', 'body.namespaces: must not be empty');
  assertRefused(
    withValue(['namespaces', 0, 'sets', 0, 'sems'], []),
    'body.namespaces[0].sets[0].sems',
    /must not be empty/,
  );
  assertRefused(withValue(['processes', 0, 'threads'], []), 'body.processes[0].threads', /must not be empty/);
  assertRefused(
    withValue(['processes', 1, 'threads', 0, 'call', 'sops'], []),
    'body.processes[1].threads[0].call.sops',
    /must not be empty/,
  );
  assertRefused(
    withValue(['undoLists', 0, 'entries', 0, 'semadj'], []),
    'body.undoLists[0].entries[0].semadj',
    /must not be empty/,
  );
  assertRefused(
    withValue(['namespaces', 0, 'limits'], [1, 2, 3, 4]),
    'body.namespaces[0].limits',
    /must be an object, got \[1,2,3,4\]/,
  );
  assertRefused(
    without(['namespaces', 0, 'sets', 1, 'queues']),
    'body.namespaces[0].sets[1].queues',
    'body.namespaces[0].sets[1].queues: missing',
  );
  assertRefused(
    without(['processes', 1, 'threads', 1, 'cred', 'fsgid']),
    'body.processes[1].threads[1].cred.fsgid',
    /missing/,
  );
  assertRefused(
    withValue(['processes', 0, 'threads', 0, 'cred', 'extra'], 1),
    'body.processes[0].threads[0].cred.extra',
    'body.processes[0].threads[0].cred.extra: unknown field',
  );
  assertRefused(withValue(['namespaces', 0, 'a b'], 1), 'body.namespaces[0]["a b"]', /unknown field/);
  assertRefused(withValue(['undoList'], []), 'body.undoList', /unknown field/);
});

test('an object holding __proto__ as its own key is refused, not merged into the prototype', () => {
  const text = textWith(() => {}).replace('{"body":{', '{"body":{"__proto__":{"x":1},');
  assertRefused(text, 'body.__proto__', 'body.__proto__: unknown field');
});

test('calls: null, sleeping or held, told apart by state', () => {
  const call = ['processes', 1, 'threads', 0, 'call'];
  const at = 'body.processes[1].threads[0].call';
  assertRefused(withValue(call, {}), `${at}.state`, `${at}.state: missing`);
  assertRefused(withValue(call, 'sleeping'), at, /must be an object, got "sleeping"/);
  assertRefused(
    withValue(call, { state: 'running' }),
    `${at}.state`,
    `${at}.state: must be one of "sleeping", "held", got "running"`,
  );
  assertRefused(withValue(call, { state: 'held', status: -4, semid: 1 }), `${at}.semid`, /unknown field/);
  assertRefused(withValue(call, { state: 'held' }), `${at}.status`, /missing/);
  assertRefused(
    textWith((b) => {
      (sleeping(b, 1, 0) as unknown as Record<string, unknown>).status = -4;
    }),
    `${at}.status`,
    /unknown field/,
  );
  assertRefused(
    withValue(['processes', 1, 'threads', 0, 'undoList'], '0'),
    'body.processes[1].threads[0].undoList',
    /must be an integer, got "0"/,
  );
});

test('fields are checked in their declared order, unknown fields last', () => {
  const text = textWith((b) => {
    const set = b.namespaces[0]!.sets[0]! as unknown as Record<string, unknown>;
    set.zzz = 1;
    set.mode = -1;
    set.id = -1;
  });
  assertRefused(text, 'body.namespaces[0].sets[0].id', /-1 < 0/);
});
