// Fuzzing the decoder: whatever the text, decodeImage either returns an image whose encoding is that
// very text, or throws an ImageError; it never throws anything else and never accepts a variant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeImage } from '../../src/image/decode.js';
import { encodeImage } from '../../src/image/encode.js';
import { ImageError } from '../../src/image/image-error.js';
import type { Image } from '../../src/image/image-types.js';
import { runProperty } from '../property/harness.js';
import { bodyArb } from './image-arbitraries.js';
import { damagedText, mutate, mutationArb, textDamageArb } from './mutate.js';

const BUDGET = { numRuns: 1_000_000, timeLimitMs: 2000 };

/** decodeImage(text), or null when it throws an ImageError; anything else thrown fails the test. */
function tryDecode(text: string): Image | null {
  try {
    return decodeImage(text);
  } catch (e) {
    if (e instanceof ImageError) return null;
    throw new Error(`decodeImage threw something other than an ImageError: ${String(e)}`, { cause: e });
  }
}

test('generated valid bodies decode to themselves and encode to the same bytes', async () => {
  await runProperty(
    'image-valid-roundtrip',
    fc.tuple(bodyArb, fc.constantFrom('semundo 0.1.0 model', 'x', '~ ~')),
    ([body, producer]) => {
      const text = encodeImage(body, producer);
      const img = decodeImage(text);
      assert.deepEqual(img.body, body);
      assert.equal(encodeImage(img.body, img.producer), text);
    },
    BUDGET,
  );
});

test('random text and bytes only ever give an ImageError', async () => {
  const texts = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
    fc.json({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ magic: 'semundo-image', version: 1, body: v })),
  );
  await runProperty(
    'image-random-text',
    texts,
    (text) => {
      assert.equal(tryDecode(text), null);
    },
    BUDGET,
  );
});

test('damaged valid images are refused with an ImageError, or decode to exactly their own text', async () => {
  const stats = { accepted: 0, refused: 0 };
  await runProperty(
    'image-mutations',
    fc.tuple(bodyArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), textDamageArb),
    ([body, mutations, damage]) => {
      const img = JSON.parse(encodeImage(body, 'semundo test'));
      for (const m of mutations) mutate(img, m);
      const text = damagedText(img, damage);
      const decoded = tryDecode(text);
      if (decoded === null) {
        stats.refused++;
        return;
      }
      stats.accepted++;
      assert.equal(encodeImage(decoded.body, decoded.producer), text);
    },
    BUDGET,
  );
  console.log(`# [property image-mutations] ${stats.refused} refused, ${stats.accepted} accepted`);
  assert.ok(stats.refused > 0);
});
