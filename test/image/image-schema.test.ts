// docs/image-format.schema.json and the decoder's shape stage agree: every value, valid or damaged,
// gets the same verdict from ajv (JSON Schema draft 2020-12) and from checkImageShape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import Ajv2020Module from 'ajv/dist/2020.js';
import { checkImageShape } from '../../src/image/decode.js';
import { encodeImage } from '../../src/image/encode.js';
import { ImageError } from '../../src/image/image-error.js';
import { runProperty } from '../property/harness.js';
import { PRODUCER, validBody } from './fixtures.js';
import { bodyArb } from './image-arbitraries.js';
import { mutate, mutationArb, oddValue, type Json } from './mutate.js';

const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const schemaPath = fileURLToPath(new URL('../../../docs/image-format.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allErrors: false });
const schemaSays = ajv.compile(schema);

/** null when the shape stage accepts the value, else its message. */
function decoderSays(v: unknown): string | null {
  try {
    checkImageShape(v);
    return null;
  } catch (e) {
    if (e instanceof ImageError) return e.message;
    throw e;
  }
}

function assertAgree(v: unknown): boolean {
  const bySchema = schemaSays(v);
  const byDecoder = decoderSays(v);
  assert.equal(
    bySchema,
    byDecoder === null,
    `schema says ${bySchema ? 'valid' : JSON.stringify(schemaSays.errors)}, decoder says ${byDecoder ?? 'valid'} for ${JSON.stringify(v)}`,
  );
  return bySchema;
}

const imageOf = (body: unknown) =>
  JSON.parse(encodeImage(body as never, PRODUCER)) as Record<string, unknown>;

test('the schema is valid JSON Schema 2020-12 and accepts the hand-made image', () => {
  assert.ok(ajv.validateSchema(schema));
  assert.equal(assertAgree(imageOf(validBody())), true);
});

test('the schema refuses what the shape stage refuses, field by field', () => {
  const cases: ((img: Record<string, unknown>) => void)[] = [
    (i) => (i.magic = 'criu'),
    (i) => (i.version = 2),
    (i) => (i.producer = ''),
    (i) => (i.checksum = 'sha256:0'),
    (i) => (i.extra = 1),
    (i) => delete i.body,
    (i) => ((i.body as { source: string }).source = 'vm'),
    (i) => ((i.body as { namespaces: unknown[] }).namespaces = []),
    (i) => ((i.body as { lastPid: number }).lastPid = 1.5),
  ];
  for (const change of cases) {
    const img = imageOf(validBody());
    change(img);
    assert.equal(assertAgree(img), false);
  }
});

test('schema and shape stage agree on valid and damaged images, and on random JSON', async () => {
  const values = fc.oneof(
    fc.tuple(bodyArb, fc.array(mutationArb, { maxLength: 3 })).map(([body, ms]) => {
      const img = imageOf(body);
      for (const m of ms) mutate(img as Json, m);
      return img as unknown;
    }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ magic: fc.constant('semundo-image'), version: fc.constant(1), body: oddValue }),
  );
  let valid = 0;
  let invalid = 0;
  await runProperty(
    'image-schema-agreement',
    values,
    (v) => {
      if (assertAgree(v)) valid++;
      else invalid++;
    },
    { numRuns: 1_000_000, timeLimitMs: 2000 },
  );
  console.log(`# [property image-schema-agreement] ${valid} valid, ${invalid} invalid`);
  assert.ok(valid > 0 && invalid > 0);
});
