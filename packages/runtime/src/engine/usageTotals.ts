import type { ModelUsage, UsageTotals } from '@troupe/sdk';

/** Data of a `model.usage` event: one model call of a gmi task's seat. */
export interface ModelUsageData {
  readonly roleId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd?: number;
  readonly model?: string;
}

/** Longest model name kept in an event. */
const MODEL_NAME_LIMIT = 200;

/**
 * What a provider reported, as event data: token counts are non-negative
 * integers, a cost a non-negative finite number; anything else counts as 0
 * or is left out (a provider is pack code, its numbers are not trusted).
 */
export function usageData(roleId: string, usage: ModelUsage): ModelUsageData {
  const data: { -readonly [K in keyof ModelUsageData]: ModelUsageData[K] } = {
    roleId,
    inputTokens: tokens(usage.inputTokens),
    outputTokens: tokens(usage.outputTokens),
  };
  if (typeof usage.costUsd === 'number' && Number.isFinite(usage.costUsd) && usage.costUsd >= 0) data.costUsd = usage.costUsd;
  if (typeof usage.model === 'string' && usage.model.length > 0) data.model = usage.model.slice(0, MODEL_NAME_LIMIT);
  return data;
}

/** Totals with one more call added. */
export function addUsage(totals: UsageTotals | undefined, call: ModelUsageData): UsageTotals {
  const cost = call.costUsd === undefined ? totals?.costUsd : (totals?.costUsd ?? 0) + call.costUsd;
  return {
    calls: (totals?.calls ?? 0) + 1,
    inputTokens: (totals?.inputTokens ?? 0) + call.inputTokens,
    outputTokens: (totals?.outputTokens ?? 0) + call.outputTokens,
    ...(cost !== undefined ? { costUsd: cost } : {}),
  };
}

function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
