import type { ModelMessage } from '@troupe/sdk';

/** What an upstream task hands to a gmi task: its output, plus what its `handoff` asks for. */
export interface UpstreamHandoff {
  readonly taskId: string;
  readonly output: unknown;
  /** e.g. `{ summary }` from a gmi task whose handoff sets summary: true. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  return JSON.stringify(value, null, 2) ?? 'null';
}

/**
 * The conversation a persona's model sees for one task: the persona's
 * instructions as the system message; the task's instructions, its input and
 * the handoff of every completed upstream task as the user message.
 */
export function buildModelMessages(
  personaInstructions: string,
  taskInstructions: string | undefined,
  input: unknown,
  upstream: readonly UpstreamHandoff[],
): ModelMessage[] {
  const parts: string[] = [];
  if (taskInstructions) parts.push(taskInstructions);
  if (input !== undefined && input !== null) parts.push(`Input:\n${renderValue(input)}`);
  if (upstream.length > 0) {
    const sections = upstream.map((handoff) => {
      const lines = [`## ${handoff.taskId}`, renderValue(handoff.output)];
      for (const [key, value] of Object.entries(handoff.extra ?? {})) lines.push(`${key}: ${renderValue(value)}`);
      return lines.join('\n');
    });
    parts.push(`Handoff from upstream tasks:\n\n${sections.join('\n\n')}`);
  }
  return [
    { role: 'system', content: personaInstructions },
    { role: 'user', content: parts.join('\n\n') || '(no input)' },
  ];
}

export const PREVIEW_LIMIT = 200;

/** A bounded one-glance text of a value, for seat previews. */
export function previewOf(value: unknown, fromEnd = false): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  if (text.length <= PREVIEW_LIMIT) return text;
  return fromEnd ? `…${text.slice(text.length - PREVIEW_LIMIT + 1)}` : `${text.slice(0, PREVIEW_LIMIT - 1)}…`;
}
