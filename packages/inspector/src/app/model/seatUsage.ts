/** Tokens and cost a seat has used, when the model provider reports them (optional everywhere). */
export interface SeatUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cost?: number;
  readonly currency?: string;
}

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * Reads usage from a seat snapshot or a `seat.updated` event's data: a
 * `usage` object with token counts and/or a cost. Anything missing or
 * malformed is left out; no usage at all is `undefined`.
 */
export function seatUsageOf(source: unknown): SeatUsage | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const usage = (source as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const raw = usage as Record<string, unknown>;
  const inputTokens = number(raw.inputTokens ?? raw.promptTokens);
  const outputTokens = number(raw.outputTokens ?? raw.completionTokens);
  const totalTokens = number(raw.totalTokens) ?? (inputTokens !== undefined || outputTokens !== undefined ? (inputTokens ?? 0) + (outputTokens ?? 0) : undefined);
  const cost = number(raw.costUsd ?? raw.cost);
  const currency = typeof raw.currency === 'string' ? raw.currency.slice(0, 8) : raw.costUsd !== undefined ? 'USD' : undefined;
  const result: SeatUsage = {
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(totalTokens !== undefined ? { totalTokens } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(currency !== undefined ? { currency } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}
