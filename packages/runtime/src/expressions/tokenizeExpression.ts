import { TroupeError } from '@troupe/sdk';

export type TokenType = 'number' | 'string' | 'name' | 'punct' | 'end';

export interface Token {
  readonly type: TokenType;
  /** For punct and name: the text; for number and string: the decoded value. */
  readonly value: string | number;
  /** 1-based column of the first character. */
  readonly position: number;
}

/** Longest first, so `<=` wins over `<`. */
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '-'] as const;

/** Operators from other languages, refused with a pointer to ours. */
const MISTAKES: Readonly<Record<string, string>> = {
  '===': 'use == (comparisons never convert types)',
  '!==': 'use != (comparisons never convert types)',
  '=': 'use == to compare',
  '&': 'use && for "and"',
  '|': 'use || for "or"',
};

const NAME_START = /[A-Za-z_$]/;
const NAME_PART = /[A-Za-z0-9_$]/;
const NUMBER = /^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

export function expressionError(expression: string, position: number, reason: string): TroupeError {
  return new TroupeError('E_EXPRESSION_INVALID', { expression, position, reason });
}

/** Splits an expression into tokens; the last one is always `end`. */
export function tokenizeExpression(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index++;
      continue;
    }
    const position = index + 1;
    if (char >= '0' && char <= '9') {
      const match = NUMBER.exec(source.slice(index))!;
      const text = match[0];
      if (NAME_PART.test(source[index + text.length] ?? '')) {
        throw expressionError(source, position, `invalid number "${source.slice(index, index + text.length + 1)}"`);
      }
      tokens.push({ type: 'number', value: Number(text), position });
      index += text.length;
      continue;
    }
    if (char === '"' || char === "'") {
      const [value, next] = readString(source, index);
      tokens.push({ type: 'string', value, position });
      index = next;
      continue;
    }
    if (NAME_START.test(char)) {
      let end = index + 1;
      while (end < source.length && NAME_PART.test(source[end]!)) end++;
      tokens.push({ type: 'name', value: source.slice(index, end), position });
      index = end;
      continue;
    }
    const mistake = Object.keys(MISTAKES)
      .sort((a, b) => b.length - a.length)
      .find((text) => source.startsWith(text, index));
    const punct = PUNCTUATION.find((text) => source.startsWith(text, index));
    if (mistake !== undefined && (punct === undefined || mistake.length > punct.length)) {
      throw expressionError(source, position, `"${mistake}" is not an operator here: ${MISTAKES[mistake]}`);
    }
    if (punct === undefined) throw expressionError(source, position, `unexpected character "${char}"`);
    tokens.push({ type: 'punct', value: punct, position });
    index += punct.length;
  }
  tokens.push({ type: 'end', value: '', position: source.length + 1 });
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads a quoted string starting at `start`; returns the value and the index after the closing quote. */
function readString(source: string, start: number): [string, number] {
  const quote = source[start]!;
  let value = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source[index]!;
    if (char === quote) return [value, index + 1];
    if (char === '\\') {
      const escape = source[index + 1];
      if (escape === 'u') {
        const hex = source.slice(index + 2, index + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw expressionError(source, index + 1, 'invalid \\u escape (needs 4 hex digits)');
        value += String.fromCharCode(parseInt(hex, 16));
        index += 6;
        continue;
      }
      const decoded = escape === undefined ? undefined : ESCAPES[escape];
      if (decoded === undefined) throw expressionError(source, index + 1, `invalid escape "\\${escape ?? ''}"`);
      value += decoded;
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  throw expressionError(source, start + 1, 'unterminated string');
}
