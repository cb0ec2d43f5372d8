import { isTroupeError, TroupeError } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { compileExpression, isTruthy } from './compileExpression.js';

const scope = {
  input: { n: 5, name: 'ada', tags: ['a', 'b'], nested: { deep: { value: true } }, empty: '', zero: 0, list: [{ id: 1 }, { id: 2 }], 'with-dash': 7 },
  tasks: {
    fetch: { status: 'completed', output: { url: 'https://x', count: 3 } },
    'fetch-data': { status: 'skipped' },
  },
};

const run = (source: string, values: Record<string, unknown> = scope) => compileExpression(source).evaluate(values);

function invalid(source: string, roots?: readonly string[]): TroupeError {
  try {
    compileExpression(source, roots ? { roots } : {});
  } catch (error) {
    if (isTroupeError(error, 'E_EXPRESSION_INVALID')) return error;
    throw error;
  }
  throw new Error(`expected "${source}" to be refused`);
}

describe('expression literals', () => {
  it('reads numbers, strings, booleans, null and arrays', () => {
    expect(run('42')).toBe(42);
    expect(run('3.25')).toBe(3.25);
    expect(run('1e3')).toBe(1000);
    expect(run('-7')).toBe(-7);
    expect(run('"double"')).toBe('double');
    expect(run("'single'")).toBe('single');
    expect(run('"esc\\"aped\\n\\u0041"')).toBe('esc"aped\nA');
    expect(run('true')).toBe(true);
    expect(run('false')).toBe(false);
    expect(run('null')).toBe(null);
    expect(run('[1, "two", [true]]')).toEqual([1, 'two', [true]]);
    expect(run('[]')).toEqual([]);
  });
});

describe('expression paths', () => {
  it('reads dotted, indexed and quoted paths', () => {
    expect(run('input.n')).toBe(5);
    expect(run('input.nested.deep.value')).toBe(true);
    expect(run('input.tags[1]')).toBe('b');
    expect(run('input.tags.0')).toBe('a');
    expect(run('input.list[1].id')).toBe(2);
    expect(run('input["with-dash"]')).toBe(7);
    expect(run('tasks["fetch-data"].status')).toBe('skipped');
    expect(run('tasks.fetch.output.url')).toBe('https://x');
    expect(run('input.tags.length')).toBe(2);
    expect(run('input.name.length')).toBe(3);
  });

  it('evaluates a missing path to null instead of failing', () => {
    expect(run('input.missing')).toBe(null);
    expect(run('input.missing.deeper.still')).toBe(null);
    expect(run('input.tags[9]')).toBe(null);
    expect(run('nothing.here')).toBe(null);
    expect(run('input.n.more')).toBe(null);
  });

  it('never reaches prototypes or functions', () => {
    expect(invalid('input.__proto__').details.reason).toMatch(/__proto__/);
    expect(invalid('input.constructor').details.position).toBe(7);
    expect(invalid('input["constructor"]').details.reason).toMatch(/constructor/);
    expect(invalid('input.prototype').code).toBe('E_EXPRESSION_INVALID');
    expect(invalid('constructor').code).toBe('E_EXPRESSION_INVALID');
    // Inherited members are not own properties: they read as null.
    expect(run('input.toString')).toBe(null);
    expect(run('input.hasOwnProperty')).toBe(null);
    expect(run('input.tags.map')).toBe(null);
    expect(run('input.fn', { input: { fn: () => 'leak' } })).toBe(null);
    const polluted = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(run('input.x', { input: polluted })).toBe(null);
  });
});

describe('expression operators', () => {
  it('== and != compare JSON values without converting types', () => {
    expect(run('input.n == 5')).toBe(true);
    expect(run('input.n == "5"')).toBe(false);
    expect(run('input.n != 4')).toBe(true);
    expect(run('input.tags == ["a", "b"]')).toBe(true);
    expect(run('tasks.fetch.output == tasks.fetch.output')).toBe(true);
    expect(run('input.missing == null')).toBe(true);
    expect(run('input.zero == false')).toBe(false);
  });

  it('< <= > >= compare numbers with numbers and strings with strings only', () => {
    expect(run('input.n > 4')).toBe(true);
    expect(run('input.n >= 5')).toBe(true);
    expect(run('input.n < 5')).toBe(false);
    expect(run('input.n <= 5')).toBe(true);
    expect(run('"abc" < "abd"')).toBe(true);
    expect(run('input.n > "4"')).toBe(false);
    expect(run('input.missing < 1')).toBe(false);
  });

  it('&& and || short-circuit and yield the deciding operand', () => {
    expect(run('input.n > 1 && input.name == "ada"')).toBe(true);
    expect(run('input.n > 9 && input.name == "ada"')).toBe(false);
    expect(run('input.n > 9 || input.name == "ada"')).toBe(true);
    expect(run('input.missing || "fallback"')).toBe('fallback');
    expect(run('input.name && input.n')).toBe(5);
    expect(run('false || false')).toBe(false);
  });

  it('! negates truthiness', () => {
    expect(run('!true')).toBe(false);
    expect(run('!input.empty')).toBe(true);
    expect(run('!input.zero')).toBe(true);
    expect(run('!!input.tags')).toBe(true);
    expect(run('!input.missing')).toBe(true);
  });

  it('in tests membership in arrays, substrings and own keys', () => {
    expect(run('"a" in input.tags')).toBe(true);
    expect(run('"z" in input.tags')).toBe(false);
    expect(run('input.n in [1, 5, 9]')).toBe(true);
    expect(run('input.list[0] in input.list')).toBe(true);
    expect(run('"da" in input.name')).toBe(true);
    expect(run('"url" in tasks.fetch.output')).toBe(true);
    expect(run('"toString" in tasks.fetch.output')).toBe(false);
    expect(run('1 in input.n')).toBe(false);
  });

  it('binds && tighter than || and comparisons tighter than both; parentheses override', () => {
    expect(run('true || false && false')).toBe(true);
    expect(run('(true || false) && false')).toBe(false);
    expect(run('input.n == 5 && !(input.name == "bob")')).toBe(true);
    expect(run('1 == 1 == true')).toBe(true);
  });
});

describe('expression errors', () => {
  it('report the column of the problem and the reason', () => {
    const cases: [string, number, RegExp][] = [
      ['', 1, /empty/],
      ['input.n ==', 11, /ends too early/],
      ['input.n = 5', 9, /use ==/],
      ['input.n === 5', 9, /use ==/],
      ['a & b', 3, /use &&/],
      ['a | b', 3, /use \|\|/],
      ['input.n > 1 < 2', 13, /chained/],
      ['"open', 1, /unterminated/],
      ['"bad \\q"', 6, /invalid escape/],
      ['input.#', 7, /unexpected character "#"/],
      ['(input.n', 9, /expected "\)"/],
      ['[1, 2', 6, /"," or "\]"/],
      ['input.n 5', 9, /after a complete expression/],
      ['input.[0]', 7, /property name/],
      ['input[true]', 7, /quoted property name or an array index/],
      ['12abc', 1, /invalid number/],
      ['- input.n', 3, /followed by a number/],
      ['in input', 1, /needs a value/],
    ];
    for (const [source, position, reason] of cases) {
      const error = invalid(source);
      expect(error.details.position, source).toBe(position);
      expect(String(error.details.reason), source).toMatch(reason);
      expect(error.message, source).toContain(`at ${position}`);
    }
  });

  it('refuses names outside the allowed roots', () => {
    const error = invalid('inputs.n == 1', ['input', 'tasks']);
    expect(error.details.reason).toMatch(/unknown name "inputs"/);
    expect(error.details.position).toBe(1);
  });

  it('refuses absurdly deep or long expressions instead of overflowing', () => {
    expect(invalid('('.repeat(200) + '1' + ')'.repeat(200)).details.reason).toMatch(/deeper/);
    expect(invalid('!'.repeat(200) + 'true').details.reason).toMatch(/deeper/);
    expect(invalid('1 == ' + '1'.repeat(5000)).details.reason).toMatch(/longer/);
  });
});

describe('compiled expressions', () => {
  it('list the paths they read', () => {
    const expression = compileExpression('tasks.fetch.output.count > 2 && input.tags[0] == "a"');
    expect(expression.paths.map((path) => [path.root, ...path.segments])).toEqual([
      ['tasks', 'fetch', 'output', 'count'],
      ['input', 'tags', 0],
    ]);
  });

  it('define truthiness like JSON-minded JavaScript', () => {
    expect([false, null, undefined, 0, Number.NaN, ''].map(isTruthy)).toEqual([false, false, false, false, false, false]);
    expect([true, 1, 'x', [], {}].map(isTruthy)).toEqual([true, true, true, true, true]);
  });
});
