// Canonical JSON and the body checksum: sorted keys at every level, no whitespace, one text per value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/image/canonical-json.js';
import { bodyChecksum, textChecksum } from '../../src/image/checksum.js';
import { encodeImage } from '../../src/image/encode.js';
import { PRODUCER, validBody } from './fixtures.js';

test('keys are sorted at every level, arrays keep their order, no whitespace', () => {
  const v = { b: [3, { z: 1, a: null }, 'x'], a: { d: true, c: false }, A: -1.5 };
  assert.equal(canonicalJson(v), '{"A":-1.5,"a":{"c":false,"d":true},"b":[3,{"a":null,"z":1},"x"]}');
});

test('the same value built in another key order gives the same text', () => {
  const a = { x: 1, y: { p: [1, 2], q: 'é\u2028"' } };
  const b = { y: { q: 'é\u2028"', p: [1, 2] }, x: 1 };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalJson(a), JSON.stringify(a));
});

test('-0 is written 0; strings and numbers as JSON.stringify writes them', () => {
  assert.equal(canonicalJson([-0, 0, 1e21, 0.1, 'a\n\u0000']), '[0,0,1e+21,0.1,"a\\n\\u0000"]');
});

test('what JSON cannot hold is a TypeError naming where it is', () => {
  assert.throws(() => canonicalJson({ a: [1, NaN] }), /canonicalJson: a\[1\] is NaN/);
  assert.throws(() => canonicalJson({ a: { b: Infinity } }), /a\.b is Infinity/);
  assert.throws(() => canonicalJson({ a: undefined }), /a is a undefined/);
  assert.throws(() => canonicalJson(10n), /the value is a bigint/);
  assert.throws(() => canonicalJson([() => 1]), /\[0\] is a function/);
});

test('bodyChecksum is sha256 of the canonical text', () => {
  // sha256("{}")
  assert.equal(bodyChecksum({}), 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  assert.equal(bodyChecksum({ b: 1, a: 2 }), textChecksum('{"a":2,"b":1}'));
});

test('encodeImage is canonicalJson of the whole image and a newline', () => {
  const body = validBody();
  const text = encodeImage(body, PRODUCER);
  const whole = {
    magic: 'semundo-image',
    version: 1,
    producer: PRODUCER,
    checksum: bodyChecksum(body),
    body,
  };
  assert.equal(text, `${canonicalJson(whole)}\n`);
  assert.ok(text.startsWith('{"body":{"lastPid":20,"namespaces":[{"ids":{'));
});
