import type { ExpressionNode, ExpressionValue, PathNode } from './ExpressionAst.js';
import { parseExpression, type ParseOptions } from './parseExpression.js';

/** What an expression reads from: root names to values (`input`, `tasks`, `context`). */
export type ExpressionScope = Readonly<Record<string, unknown>>;

/**
 * A parsed expression ready to run many times. Evaluation walks prebuilt
 * closures (no eval, no Function); it reads only own properties of plain
 * data, so prototypes and functions are out of reach, and it never throws:
 * a missing path is null, a comparison of mismatched types is false.
 */
export interface CompiledExpression {
  readonly source: string;
  readonly ast: ExpressionNode;
  /** Every property path the expression reads, for checks at registration. */
  readonly paths: readonly PathNode[];
  evaluate(scope: ExpressionScope): ExpressionValue;
}

type Evaluator = (scope: ExpressionScope) => ExpressionValue;

const hasOwn = Object.prototype.hasOwnProperty;

/** Parses (E_EXPRESSION_INVALID on error) and compiles an expression. */
export function compileExpression(source: string, options: ParseOptions = {}): CompiledExpression {
  const ast = parseExpression(source, options);
  const paths: PathNode[] = [];
  const evaluate = build(ast, paths);
  return { source, ast, paths, evaluate };
}

/** `false`, `null`, `0`, `NaN` and `""` are false; everything else, `[]` and `{}` included, is true. */
export function isTruthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '' && !Number.isNaN(value);
}

/** Equality of JSON values: same type and same content, no conversions. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!hasOwn.call(b, key) || !jsonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function asValue(value: unknown): ExpressionValue {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? null : (value as ExpressionValue);
}

function readProperty(value: unknown, key: string | number): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || Array.isArray(value)) {
    if (key === 'length') return value.length;
    return typeof key === 'number' && key < value.length ? value[key] : null;
  }
  if (typeof value !== 'object') return null;
  const name = typeof key === 'number' ? String(key) : key;
  return hasOwn.call(value, name) ? (value as Record<string, unknown>)[name] : null;
}

function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const a = left as number | string;
  const b = right as number | string;
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** `x in [..]` (membership), `"sub" in "string"` (substring), `"key" in object` (own key). */
function contains(container: unknown, item: unknown): boolean {
  if (Array.isArray(container)) return container.some((element) => jsonEquals(element, item));
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (typeof container === 'object' && container !== null) return typeof item === 'string' && hasOwn.call(container, item);
  return false;
}

function build(node: ExpressionNode, paths: PathNode[]): Evaluator {
  switch (node.type) {
    case 'literal': {
      const { value } = node;
      return () => value;
    }
    case 'array': {
      const items = node.items.map((item) => build(item, paths));
      return (scope) => items.map((item) => item(scope));
    }
    case 'path': {
      paths.push(node);
      const { root, segments } = node;
      return (scope) => {
        let value: unknown = hasOwn.call(scope, root) ? scope[root] : null;
        for (let i = 0; i < segments.length; i++) value = readProperty(value, segments[i]!);
        return asValue(value);
      };
    }
    case 'not': {
      const operand = build(node.operand, paths);
      return (scope) => !isTruthy(operand(scope));
    }
    case 'logical': {
      const left = build(node.left, paths);
      const right = build(node.right, paths);
      // Like JavaScript: the deciding operand is the result, so `input.name || "anonymous"` works in bindings.
      return node.operator === '&&'
        ? (scope) => {
            const value = left(scope);
            return isTruthy(value) ? right(scope) : value;
          }
        : (scope) => {
            const value = left(scope);
            return isTruthy(value) ? value : right(scope);
          };
    }
    case 'binary': {
      const left = build(node.left, paths);
      const right = build(node.right, paths);
      switch (node.operator) {
        case '==':
          return (scope) => jsonEquals(left(scope), right(scope));
        case '!=':
          return (scope) => !jsonEquals(left(scope), right(scope));
        case 'in':
          return (scope) => contains(right(scope), left(scope));
        default: {
          const operator = node.operator;
          return (scope) => compare(operator, left(scope), right(scope));
        }
      }
    }
  }
}
