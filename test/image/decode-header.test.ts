// decodeImage: the text, the header, the checksum and the canonical form; and the round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeImage, validateImage } from '../../src/image/decode.js';
import { encodeImage } from '../../src/image/encode.js';
import { ImageError } from '../../src/image/image-error.js';
import { PRODUCER, assertRefused, rawWith, textWith, validBody } from './fixtures.js';

test('round trip: a valid body encodes, decodes to the same body and encodes to the same bytes', () => {
  const body = validBody();
  const text = encodeImage(body, PRODUCER);
  const img = decodeImage(text);
  assert.deepEqual(img.body, body);
  assert.equal(img.magic, 'semundo-image');
  assert.equal(img.version, 1);
  assert.equal(img.producer, PRODUCER);
  assert.equal(encodeImage(img.body, img.producer), text);
  assert.deepEqual(validateImage(JSON.parse(text)), img);
});

test('ImageError: a path, a detail, and a message made of both', () => {
  const e = new ImageError('body.lastPid', 'missing');
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'ImageError');
  assert.equal(e.message, 'body.lastPid: missing');
  assert.equal(new ImageError('', 'not JSON').message, 'image: not JSON');
});

test('text that is not JSON, or not an object', () => {
  assertRefused('', '', /^image: not JSON \(/);
  assertRefused('{"magic":', '', /^image: not JSON \(/);
  assertRefused(textWith(() => {}).slice(0, -2), '', /^image: not JSON/);
  assertRefused('[]\n', '', 'image: must be an object, got []');
  assertRefused('null', '', 'image: must be an object, got null');
  assert.throws(() => decodeImage(42 as unknown as string), /image: must be text, got a number/);
});

test('magic first, then version, then producer, then the checksum format', () => {
  const bad = (c: (img: Record<string, unknown>) => void) => rawWith(c, false);
  assertRefused(
    bad((i) => delete i.magic),
    'magic',
    'magic: missing',
  );
  assertRefused(
    bad((i) => ((i.magic = 'criu'), (i.version = 2))),
    'magic',
    'magic: not a semundo image (the magic is "criu", not "semundo-image")',
  );
  assertRefused(
    bad((i) => ((i.version = 2), (i.producer = 7))),
    'version',
    'version: unsupported format version 2 (this decoder reads version 1)',
  );
  assertRefused(
    bad((i) => (i.version = '1')),
    'version',
    /unsupported format version "1"/,
  );
  assertRefused(
    bad((i) => (i.producer = '')),
    'producer',
    /^producer: must be 1 to 200 printable ASCII/,
  );
  assertRefused(
    bad((i) => (i.producer = 'a\u001b[2J')),
    'producer',
    /printable/,
  );
  assertRefused(
    bad((i) => (i.producer = 'x'.repeat(201))),
    'producer',
    /printable/,
  );
  assertRefused(
    bad((i) => ((i.checksum = 'md5:00'), (i.body = 1))),
    'checksum',
    /^checksum: must be "sha256:" and 64 lowercase hex digits, got "md5:00"$/,
  );
  assertRefused(
    bad((i) => (i.checksum = `sha256:${'A'.repeat(64)}`)),
    'checksum',
    /lowercase hex/,
  );
});

test('unknown top-level fields', () => {
  assertRefused(
    rawWith((i) => ((i.zeta = 1), (i.alpha = 2))),
    'alpha',
    'alpha: unknown field',
  );
});

test('a checksum that does not match the body is refused after the shape, before consistency', () => {
  const text = rawWith((i) => {
    (i.body as { lastPid: number }).lastPid = 0;
  }, false);
  assertRefused(text, 'checksum', /^checksum: does not match the body \(sha256:[0-9a-f]{64}\)$/);
  const shapeFirst = rawWith((i) => {
    (i.body as { lastPid: unknown }).lastPid = -1;
  }, false);
  assertRefused(shapeFirst, 'body.lastPid', 'body.lastPid: -1 < 0');
});

test('the text must be exactly the canonical encoding', () => {
  const text = textWith(() => {});
  assertRefused(
    text.slice(0, -1),
    '',
    /not in canonical form \(it differs from the canonical encoding at character \d+\)/,
  );
  assertRefused(`${text}\n`, '', /not in canonical form/);
  assertRefused(` ${text}`, '', /at character 0\)/);
  assertRefused(JSON.stringify(JSON.parse(text), null, 2), '', /not in canonical form/);
  const dup = text.replace('{"body":{', '{"body":{"lastPid":999999,');
  assertRefused(dup, '', /not in canonical form/);
  const float = text.replace('"lastPid":20', '"lastPid":20.0');
  assertRefused(float, '', /not in canonical form/);
});

test('decoding creates nothing and returns a fresh value each time', () => {
  const text = textWith(() => {});
  const a = decodeImage(text);
  const b = decodeImage(text);
  assert.notEqual(a, b);
  assert.deepEqual(a, b);
});

test('deep or huge values where a number belongs give an ImageError with a short preview', () => {
  const deep = `${'['.repeat(100000)}1${']'.repeat(100000)}`;
  const text = textWith(() => {}).replace('"lastPid":20', `"lastPid":{"a":${deep},"b":"${'x'.repeat(1e6)}"}`);
  assertRefused(
    text,
    'body.lastPid',
    'body.lastPid: must be an integer, got {"a":[[[...]]],"b":"xxxxxxxxxxxxxxxxx...',
  );
  assertRefused(`${'['.repeat(200000)}${']'.repeat(200000)}`, '', /^image: (not JSON|must be an object)/);
});
