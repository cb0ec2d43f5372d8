// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '@troupe/sdk';
import { EventLog } from './EventLog.js';

const events: RunEvent[] = Array.from({ length: 20_000 }, (_, index) => ({
  runId: 'r1',
  seq: index + 1,
  at: 1_700_000_000_000 + index,
  type: index % 2 === 0 ? 'task.started' : 'task.completed',
  taskId: `t${Math.floor(index / 2)}`,
}));

describe('EventLog on the virtual list (DOM)', () => {
  let root: HTMLElement;
  const picked: string[] = [];

  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    picked.length = 0;
    act(() => render(h(EventLog, { events, duplicates: 0, onTask: (taskId: string) => picked.push(taskId) }), root));
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const rows = (): number[] => [...root.querySelectorAll('[data-seq]')].map((row) => Number(row.getAttribute('data-seq')));
  const list = (): HTMLElement => root.querySelector('[role="list"]')!;

  it('draws a few dozen of 20,000 rows, follows the newest, and draws the rows scrolled to', () => {
    expect(root.querySelector('[data-testid="event-count"]')!.getAttribute('data-count')).toBe('20000');
    // Following the end: the last rows are drawn, not the first.
    expect(rows().length).toBeLessThan(50);
    expect(rows()).toContain(20_000);
    expect(rows()).not.toContain(1);
    act(() => {
      list().scrollTop = 26 * 10_000;
      list().dispatchEvent(new Event('scroll'));
    });
    expect(rows().length).toBeLessThan(50);
    expect(rows()).toContain(10_001);
    expect(list().getAttribute('aria-label')).toBe('Event log');
  });

  it('moves through the log with Home, arrows and End, shows the chosen event and opens its task', () => {
    const key = (name: string): void => {
      act(() => {
        list().dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
      });
    };
    key('Home');
    key('ArrowDown');
    key('ArrowDown');
    expect(root.querySelector('.event-row.selected')!.getAttribute('data-seq')).toBe('3');
    expect(root.querySelector('.event-detail')!.textContent).toContain('#3 task.started');
    act(() => root.querySelector<HTMLButtonElement>('.event-detail button.link')!.click());
    expect(picked).toEqual(['t1']);
    key('End');
    expect(root.querySelector('.event-row.selected')!.getAttribute('data-seq')).toBe('20000');
    expect(list().scrollTop).toBeGreaterThan(26 * 19_000);
    key('ArrowUp');
    expect(root.querySelector('.event-row.selected')!.getAttribute('data-seq')).toBe('19999');
  });
});
