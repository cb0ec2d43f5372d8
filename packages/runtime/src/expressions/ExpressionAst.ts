/**
 * The syntax tree of a `when` / binding expression. Positions are 1-based
 * columns into the source, for error messages.
 */
export type ExpressionNode = LiteralNode | ArrayNode | PathNode | NotNode | BinaryNode | LogicalNode;

/** A JSON value an expression can produce. */
export type ExpressionValue = null | boolean | number | string | readonly unknown[] | { readonly [key: string]: unknown };

export interface LiteralNode {
  readonly type: 'literal';
  readonly value: null | boolean | number | string;
  readonly position: number;
}

export interface ArrayNode {
  readonly type: 'array';
  readonly items: readonly ExpressionNode[];
  readonly position: number;
}

/** `root.a.b[0]["c-d"]`: every segment is static, so reads can be checked at registration. */
export interface PathNode {
  readonly type: 'path';
  readonly root: string;
  readonly segments: readonly (string | number)[];
  readonly position: number;
}

export interface NotNode {
  readonly type: 'not';
  readonly operand: ExpressionNode;
  readonly position: number;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

export interface BinaryNode {
  readonly type: 'binary';
  readonly operator: ComparisonOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly position: number;
}

export interface LogicalNode {
  readonly type: 'logical';
  readonly operator: '&&' | '||';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly position: number;
}
