import { useState } from 'preact/hooks';
import type { RunEvent } from '@troupe/sdk';
import { JsonView } from './JsonView.js';
import { VirtualList } from './VirtualList.js';

const ROW = 26;

/** The run's event log with seq numbers, newest at the bottom; arrow keys move the selection. */
export function EventLog({ events, duplicates, onTask }: { events: readonly RunEvent[]; duplicates: number; onTask: (taskId: string) => void }) {
  const [selected, setSelected] = useState<number | undefined>();
  const chosen = selected !== undefined ? events[selected] : undefined;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (events.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const from = selected ?? (event.key === 'ArrowDown' ? -1 : events.length);
      setSelected(Math.max(0, Math.min(events.length - 1, from + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'End') setSelected(events.length - 1);
    else if (event.key === 'Home') setSelected(0);
  };
  return (
    <section class="panel events" aria-labelledby="events-title">
      <h2 id="events-title">
        Event log <span class="muted small" data-testid="event-count" data-count={events.length} data-last-seq={events[events.length - 1]?.seq ?? 0} data-duplicates={duplicates}>
          {events.length} events
        </span>
      </h2>
      <VirtualList
        count={events.length}
        rowHeight={ROW}
        height={Math.min(360, Math.max(ROW * 4, events.length * ROW))}
        label="Event log"
        follow={selected === undefined}
        {...(selected !== undefined ? { focusIndex: selected } : {})}
        onKeyDown={onKeyDown}
        renderRow={(index) => {
          const event = events[index]!;
          return (
            <button type="button" class={`event-row${index === selected ? ' selected' : ''}`} data-seq={event.seq} onClick={() => setSelected(index)} tabIndex={-1}>
              <span class="seq">#{event.seq}</span>
              <span class="time">{new Date(event.at).toLocaleTimeString()}</span>
              <span class={`etype e-${event.type.split('.')[0]}`}>{event.type}</span>
              <span class="task">{event.taskId ?? ''}</span>
              {event.attempt !== undefined && event.attempt > 1 ? <span class="muted">attempt {event.attempt}</span> : null}
            </button>
          );
        }}
      />
      {chosen ? (
        <div class="event-detail">
          <strong>#{chosen.seq}</strong> {chosen.type}{' '}
          {chosen.taskId ? (
            <button type="button" class="link" onClick={() => onTask(chosen.taskId!)}>
              task {chosen.taskId}
            </button>
          ) : null}
          <JsonView label="data" value={chosen.data} />
        </div>
      ) : null}
    </section>
  );
}
