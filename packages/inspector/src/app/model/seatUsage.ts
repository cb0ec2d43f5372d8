/** Tokens and cost a seat has used, when the model provider reports them (optional everywhere). */
export interface SeatUsage {
  /** Model calls counted. */
  readonly calls?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cost?: number;
  readonly currency?: string;
}

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * Reads usage from a seat or run snapshot (or a `seat.updated` event's data):
 * a `usage` object with token counts and/or a cost (`UsageTotals`:
 * `calls`, `inputTokens`, `outputTokens`, `costUsd`). Anything missing or
 * malformed is left out; no usage at all is `undefined`.
 */
export function seatUsageOf(source: unknown): SeatUsage | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const usage = (source as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const raw = usage as Record<string, unknown>;
  const calls = number(raw.calls);
  const inputTokens = number(raw.inputTokens ?? raw.promptTokens);
  const outputTokens = number(raw.outputTokens ?? raw.completionTokens);
  const totalTokens = number(raw.totalTokens) ?? (inputTokens !== undefined || outputTokens !== undefined ? (inputTokens ?? 0) + (outputTokens ?? 0) : undefined);
  const cost = number(raw.costUsd ?? raw.cost);
  const currency = typeof raw.currency === 'string' ? raw.currency.slice(0, 8) : raw.costUsd !== undefined ? 'USD' : undefined;
  const result: SeatUsage = {
    ...(calls !== undefined ? { calls } : {}),
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(totalTokens !== undefined ? { totalTokens } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(currency !== undefined ? { currency } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Adds one model call (a `model.usage` event's data: `inputTokens`,
 * `outputTokens`, `costUsd?`) to running totals; malformed data adds nothing.
 */
export function addModelCall(totals: SeatUsage | undefined, data: unknown): SeatUsage | undefined {
  if (typeof data !== 'object' || data === null) return totals;
  const call = data as Record<string, unknown>;
  const inputTokens = number(call.inputTokens) ?? 0;
  const outputTokens = number(call.outputTokens) ?? 0;
  const cost = number(call.costUsd);
  const input = (totals?.inputTokens ?? 0) + inputTokens;
  const output = (totals?.outputTokens ?? 0) + outputTokens;
  const summedCost = cost !== undefined || totals?.cost !== undefined ? (totals?.cost ?? 0) + (cost ?? 0) : undefined;
  return {
    calls: (totals?.calls ?? 0) + 1,
    inputTokens: input,
    outputTokens: output,
    totalTokens: input + output,
    ...(summedCost !== undefined ? { cost: summedCost, currency: 'USD' } : {}),
  };
}
