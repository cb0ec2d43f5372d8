import type { ComparisonOperator, ExpressionNode, PathNode } from './ExpressionAst.js';
import { expressionError, tokenizeExpression, type Token } from './tokenizeExpression.js';

export interface ParseOptions {
  /** Names a path may start with (e.g. `input`, `tasks`); any other is refused. Default: any. */
  readonly roots?: readonly string[];
}

/** Property names that lead to prototypes or functions: never readable. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const MAX_LENGTH = 4096;
const MAX_DEPTH = 64;
const RELATIONAL = new Set<string>(['<', '<=', '>', '>=']);

/**
 * Parses the safe expression language into a tree, or throws
 * E_EXPRESSION_INVALID with the 1-based column of the problem.
 *
 *   expr     := or
 *   or       := and ('||' and)*
 *   and      := equality ('&&' equality)*
 *   equality := relation (('==' | '!=') relation)*
 *   relation := unary (('<' | '<=' | '>' | '>=' | 'in') unary)?
 *   unary    := '!' unary | '-' number | primary
 *   primary  := literal | path | '(' expr ')' | '[' (expr (',' expr)*)? ']'
 *   path     := name ('.' name | '.' integer | '[' string | integer ']')*
 */
export function parseExpression(source: string, options: ParseOptions = {}): ExpressionNode {
  if (source.length > MAX_LENGTH) throw expressionError(source.slice(0, 80) + '…', MAX_LENGTH, `longer than ${MAX_LENGTH} characters`);
  const parser = new Parser(source, tokenizeExpression(source), options.roots);
  if (parser.peek().type === 'end') throw expressionError(source, 1, 'the expression is empty');
  const node = parser.expression(0);
  const rest = parser.peek();
  if (rest.type !== 'end') throw expressionError(source, rest.position, `unexpected ${describe(rest)} after a complete expression`);
  return node;
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'number':
      return `number ${token.value}`;
    default:
      return `"${token.value}"`;
  }
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
    private readonly roots: readonly string[] | undefined,
  ) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.value === value;
  }

  private expect(value: string, what: string): Token {
    const token = this.peek();
    if (token.type !== 'punct' || token.value !== value) {
      throw expressionError(this.source, token.position, `expected ${what} but found ${describe(token)}`);
    }
    return this.next();
  }

  private fail(token: Token, reason: string): never {
    throw expressionError(this.source, token.position, reason);
  }

  expression(depth: number): ExpressionNode {
    if (depth > MAX_DEPTH) this.fail(this.peek(), `nested deeper than ${MAX_DEPTH} levels`);
    return this.logical(depth, '||');
  }

  private logical(depth: number, operator: '&&' | '||'): ExpressionNode {
    const operand = (): ExpressionNode => (operator === '||' ? this.logical(depth, '&&') : this.equality(depth));
    let left = operand();
    while (this.isPunct(operator)) {
      const { position } = this.next();
      left = { type: 'logical', operator, left, right: operand(), position };
    }
    return left;
  }

  private equality(depth: number): ExpressionNode {
    let left = this.relation(depth);
    while (this.isPunct('==') || this.isPunct('!=')) {
      const token = this.next();
      left = { type: 'binary', operator: token.value as ComparisonOperator, left, right: this.relation(depth), position: token.position };
    }
    return left;
  }

  private relation(depth: number): ExpressionNode {
    const left = this.unary(depth);
    const token = this.peek();
    const isRelational = (token.type === 'punct' && RELATIONAL.has(token.value as string)) || (token.type === 'name' && token.value === 'in');
    if (!isRelational) return left;
    this.next();
    const node: ExpressionNode = { type: 'binary', operator: token.value as ComparisonOperator, left, right: this.unary(depth), position: token.position };
    const after = this.peek();
    if ((after.type === 'punct' && RELATIONAL.has(after.value as string)) || (after.type === 'name' && after.value === 'in')) {
      this.fail(after, 'comparisons cannot be chained; combine them with &&');
    }
    return node;
  }

  private unary(depth: number): ExpressionNode {
    if (depth > MAX_DEPTH) this.fail(this.peek(), `nested deeper than ${MAX_DEPTH} levels`);
    const token = this.peek();
    if (this.isPunct('!')) {
      this.next();
      return { type: 'not', operand: this.unary(depth + 1), position: token.position };
    }
    if (this.isPunct('-')) {
      this.next();
      const number = this.peek();
      if (number.type !== 'number') this.fail(number, 'a minus sign must be followed by a number');
      this.next();
      return { type: 'literal', value: -(number.value as number), position: token.position };
    }
    return this.primary(depth);
  }

  private primary(depth: number): ExpressionNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value, position: token.position };
      case 'name':
        return this.nameOrPath(token);
      case 'end':
        return this.fail(token, 'the expression ends too early');
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression(depth + 1);
          this.expect(')', '")"');
          return inner;
        }
        if (token.value === '[') return this.array(token, depth + 1);
        return this.fail(token, `unexpected ${describe(token)}`);
    }
  }

  private array(open: Token, depth: number): ExpressionNode {
    const items: ExpressionNode[] = [];
    if (!this.isPunct(']')) {
      for (;;) {
        items.push(this.expression(depth));
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expect(']', '"," or "]"');
    return { type: 'array', items, position: open.position };
  }

  private nameOrPath(token: Token): ExpressionNode {
    const name = token.value as string;
    if (name === 'true' || name === 'false') return { type: 'literal', value: name === 'true', position: token.position };
    if (name === 'null') return { type: 'literal', value: null, position: token.position };
    if (name === 'in') this.fail(token, '"in" needs a value on its left');
    if (FORBIDDEN_PROPERTIES.has(name)) this.fail(token, `"${name}" cannot be read`);
    if (this.roots && !this.roots.includes(name)) {
      this.fail(token, `unknown name "${name}"; paths start with ${this.roots.join(', ')}`);
    }
    const segments: (string | number)[] = [];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const part = this.next();
        if (part.type === 'name') segments.push(this.property(part));
        else if (part.type === 'number' && Number.isInteger(part.value)) segments.push(part.value as number);
        else this.fail(part, `expected a property name after "." but found ${describe(part)}`);
      } else if (this.isPunct('[')) {
        this.next();
        const part = this.next();
        if (part.type === 'string') segments.push(this.property(part));
        else if (part.type === 'number' && Number.isInteger(part.value) && (part.value as number) >= 0) segments.push(part.value as number);
        else this.fail(part, 'brackets take a quoted property name or an array index');
        this.expect(']', '"]"');
      } else {
        break;
      }
    }
    const path: PathNode = { type: 'path', root: name, segments, position: token.position };
    return path;
  }

  private property(token: Token): string {
    const name = token.value as string;
    if (FORBIDDEN_PROPERTIES.has(name)) this.fail(token, `"${name}" cannot be read`);
    return name;
  }
}
