// One line of a scenario as JSON (src/scenario/parse/json-line.ts): JSON.parse's value, with the
// integers of timeout_ns kept exact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine } from '../../src/scenario/parse/json-line.js';

const CENTURY = '3153600000000000001';

describe('scenario lines as JSON', () => {
  it('are what JSON.parse makes of them when no timeout_ns is beyond 2^53', () => {
    for (const text of [
      '{"do":"semtimedop","timeout_ns":3000000000,"sops":[[0,-1,0]]}',
      '{"key":123456789012345678901234,"timeout_ns":-9007199254740991}',
      '[1,2,{"timeout_ns":1e300}]',
      '"text"',
      '{"timeout_ns":"3153600000000000001"}',
    ])
      assert.deepEqual(parseJsonLine(text), JSON.parse(text), text);
  });

  it('throw JSON.parse error for text that is not JSON', () => {
    assert.throws(() => parseJsonLine('{"timeout_ns":3153600000000000000'), SyntaxError);
  });

  it('keep a top-level timeout_ns exact as a bigint, in any JSON spelling of an integer', () => {
    const at = (text: string) => (parseJsonLine(text) as { timeout_ns: unknown }).timeout_ns;
    assert.equal(at(`{"timeout_ns":${CENTURY}}`), BigInt(CENTURY));
    assert.equal(at(`{ "timeout_ns" : -${CENTURY} }`), -BigInt(CENTURY));
    assert.equal(at('{"timeout_ns":9223372036854775807}'), 9223372036854775807n);
    assert.equal(at('{"timeout_ns":3.1536e18}'), 3153600000000000000n);
    assert.equal(at('{"timeout_ns":31536000000000000010E-1}'), 3153600000000000001n);
    assert.equal(at(`{"timeout\\u005fns":${CENTURY}}`), BigInt(CENTURY));
    assert.equal(at(`{"timeout_ns":1,"timeout_ns":${CENTURY}}`), BigInt(CENTURY));
    assert.equal(at(`{"timeout_ns":${CENTURY},"timeout_ns":5}`), 5);
  });

  it('leave numbers that are not integers, or longer than 40 digits, as JSON.parse reads them', () => {
    const at = (text: string) => (parseJsonLine(text) as { timeout_ns: unknown }).timeout_ns;
    assert.equal(at('{"timeout_ns":9007199254740993.5}'), Number('9007199254740993.5'));
    assert.equal(at('{"timeout_ns":1e41}'), 1e41);
    assert.equal(at('{"timeout_ns":1e400}'), Infinity);
    assert.equal(at('{"timeout_ns":1e-99999999999999999999}'), 0);
  });

  it('change nothing else: nested timeout_ns, other fields, strings that look alike', () => {
    const text = `{"a":"\\"timeout_ns\\":${CENTURY}","n":{"timeout_ns":${CENTURY}},"b":[${CENTURY}],"s":"\\u0000int:7","t":"\\u0000\\u0000int:8","timeout_ns":${CENTURY},"__proto__":${CENTURY}}`;
    const v = parseJsonLine(text) as Record<string, unknown>;
    const plain = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual({ ...v, timeout_ns: 0 }, { ...plain, timeout_ns: 0 });
    assert.equal(v.timeout_ns, BigInt(CENTURY));
    assert.ok(Object.hasOwn(v, '__proto__'));
    assert.equal(v.s, '\u0000int:7');
    assert.equal(v.t, '\u0000\u0000int:8');
  });
});
