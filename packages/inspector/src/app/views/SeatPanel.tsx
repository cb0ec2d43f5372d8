import type { SeatView } from '../model/RunModel.js';
import type { SeatUsage } from '../model/seatUsage.js';
import { StatusBadge } from './StatusBadge.js';

/** One card per role: who plays it, what it works on, what it last said, and its token use when reported. */
export function SeatPanel({ seats, onTask }: { seats: readonly SeatView[]; onTask: (taskId: string) => void }) {
  if (seats.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="seats-title">
      <h2 id="seats-title">Seats</h2>
      <ul class="seats">
        {seats.map(({ seat, usage }) => (
          <li key={seat.roleId} class="seat" data-role={seat.roleId}>
            <div>
              <strong>{seat.roleId}</strong> <span class="muted">as {seat.personaId}</span> <StatusBadge status={seat.status} />
            </div>
            {seat.taskId ? (
              <div>
                on{' '}
                <button type="button" class="link" onClick={() => onTask(seat.taskId!)}>
                  {seat.taskId}
                </button>
                {seat.attempt !== undefined && seat.attempt > 1 ? <span class="muted"> (attempt {seat.attempt})</span> : null}
              </div>
            ) : null}
            {seat.lastOutputPreview ? (
              <pre class="preview" aria-live="polite">
                {seat.lastOutputPreview}
              </pre>
            ) : null}
            {usage ? <div class="usage small">{formatUsage(usage)}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function formatUsage(usage: SeatUsage): string {
  const parts: string[] = [];
  if (usage.totalTokens !== undefined) {
    const split = usage.inputTokens !== undefined || usage.outputTokens !== undefined ? ` (${usage.inputTokens ?? 0} in / ${usage.outputTokens ?? 0} out)` : '';
    parts.push(`${usage.totalTokens.toLocaleString()} tokens${split}`);
  }
  if (usage.cost !== undefined) parts.push(`${usage.currency === 'USD' || usage.currency === undefined ? '$' : `${usage.currency} `}${usage.cost.toFixed(4)}`);
  if (usage.calls !== undefined) parts.push(`${usage.calls} ${usage.calls === 1 ? 'call' : 'calls'}`);
  return parts.join(' · ');
}
