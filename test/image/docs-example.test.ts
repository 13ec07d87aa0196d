// The example in docs/image-format.md is a valid image, and the line shown is the start of its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../../src/image/canonical-json.js';
import { decodeImage } from '../../src/image/decode.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/image-format.md', import.meta.url)), 'utf8');

test('the example of docs/image-format.md decodes, and its file begins as the document shows', () => {
  const section = doc.slice(doc.indexOf('## Example'));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)\n```/g)];
  const json = blocks.find((b) => b[1] === 'json')![2]!;
  const text = `${canonicalJson(JSON.parse(json))}\n`;
  const img = decodeImage(text);
  assert.equal(img.body.source, 'model');
  const shown = blocks.find((b) => b[1] === '')![2]!.replace(/…$/, '');
  assert.ok(text.startsWith(shown), 'the line shown is not the start of the file');
});
