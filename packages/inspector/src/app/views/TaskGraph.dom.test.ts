// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskDefinition, TaskState } from '@troupe/sdk';
import { layoutDag } from '../model/layoutDag.js';
import { TaskGraph, WINDOW_ABOVE } from './TaskGraph.js';

/** A wide graph: `columns` stages of `rows` tasks, each stage depending on the task in the same row before it. */
function grid(columns: number, rows: number): TaskDefinition[] {
  const tasks: TaskDefinition[] = [];
  for (let column = 0; column < columns; column += 1) {
    for (let row = 0; row < rows; row += 1) {
      tasks.push({ id: `c${column}r${row}`, executor: { type: 'tool', toolId: 'work' }, ...(column > 0 ? { dependsOn: [`c${column - 1}r${row}`] } : {}) });
    }
  }
  return tasks;
}

describe('TaskGraph (DOM)', () => {
  let root: HTMLElement;
  let selected: string | undefined;

  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    selected = undefined;
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  /** Renders the graph the way RunPage does: selection is the parent's state. */
  function draw(definitions: readonly TaskDefinition[], tasks: ReadonlyMap<string, TaskState> = new Map()): void {
    const layout = layoutDag(definitions);
    const byId = new Map(definitions.map((task) => [task.id, task]));
    const paint = (): void =>
      render(
        h(TaskGraph, {
          layout,
          definitions: byId,
          tasks,
          selected,
          onSelect: (id: string) => {
            selected = id;
            paint();
          },
        }),
        root,
      );
    act(paint);
  }

  const drawn = (): string[] => [...root.querySelectorAll('[data-task]')].map((node) => node.getAttribute('data-task')!);
  const wrap = (): HTMLElement => root.querySelector('.graph-wrap')!;

  it('draws every task of a small graph, and only the tasks near the view of a 2,000-task graph, moving with the scroll', () => {
    draw(grid(10, 20));
    expect(drawn()).toHaveLength(200);

    draw(grid(20, 100));
    const first = drawn();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(WINDOW_ABOVE);
    expect(first).toContain('c0r0');
    expect(root.querySelector('[role="group"]')!.getAttribute('aria-label')).toBe('Task graph, 2000 tasks');

    act(() => {
      wrap().scrollTop = 56 * 90;
      wrap().scrollLeft = 224 * 18;
      wrap().dispatchEvent(new Event('scroll'));
    });
    const after = drawn();
    expect(after).toContain('c18r90');
    expect(after).not.toContain('c0r0');
  });

  it('finds a task by id in a windowed graph: selects it, draws it, scrolls to it and focuses it; says when nothing matches', () => {
    draw(grid(20, 100));
    const search = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(search.closest('label')!.textContent).toContain('Find task');
    act(() => {
      search.value = 'c17r88';
      search.dispatchEvent(new Event('input'));
    });
    act(() => {
      root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(selected).toBe('c17r88');
    expect(drawn()).toContain('c17r88');
    expect(document.activeElement?.getAttribute('data-task')).toBe('c17r88');
    expect(wrap().scrollTop).toBeGreaterThan(56 * 80);

    // Scrolled away, then found again while still selected: brought back into view and focus.
    act(() => {
      wrap().scrollTop = 0;
      wrap().dispatchEvent(new Event('scroll'));
      search.focus();
    });
    act(() => {
      root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(wrap().scrollTop).toBeGreaterThan(56 * 80);
    expect(document.activeElement?.getAttribute('data-task')).toBe('c17r88');

    act(() => {
      search.value = 'nothing-like-it';
      search.dispatchEvent(new Event('input'));
    });
    act(() => {
      root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(root.querySelector('form [role="status"]')!.textContent).toContain('No task matches "nothing-like-it"');
    expect(selected).toBe('c17r88');
  });

  it('moves the selection and focus between tasks with the arrow keys', () => {
    draw(grid(20, 100));
    // Focusable by Tab: the lowercase SVG attribute (a camel-cased `tabIndex` attribute does nothing on SVG).
    expect(root.querySelector('[data-task="c0r0"]')!.outerHTML).toContain('tabindex="0"');
    const press = (key: string): void => {
      act(() => {
        (document.activeElement ?? root.querySelector('[data-task="c0r0"]')!).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      });
    };
    act(() => root.querySelector<SVGGElement>('[data-task="c0r0"]')!.focus());
    press('ArrowRight');
    press('ArrowRight');
    press('ArrowDown');
    expect(selected).toBe('c2r1');
    expect(document.activeElement?.getAttribute('data-task')).toBe('c2r1');
    press('ArrowLeft');
    press('ArrowUp');
    expect(selected).toBe('c1r0');
    press('Enter');
    expect(selected).toBe('c1r0');
  });

  it('tells skipped, cancelled, retrying, compensated and sub-workflow tasks apart, on the box and in its accessible name', () => {
    const definitions: TaskDefinition[] = ['skip', 'stop', 'retry', 'undo', 'child', 'done'].map((id) => ({ id, executor: { type: 'tool', toolId: 'work' } }));
    const tasks = new Map<string, TaskState>([
      ['skip', { id: 'skip', status: 'skipped', attempt: 0 }],
      ['stop', { id: 'stop', status: 'cancelled', attempt: 1 }],
      ['retry', { id: 'retry', status: 'retry_wait', attempt: 2 }],
      ['undo', { id: 'undo', status: 'completed', attempt: 1, compensated: true }],
      ['child', { id: 'child', status: 'running', attempt: 1, childRunId: 'run-child' }],
      ['done', { id: 'done', status: 'completed', attempt: 1 }],
    ]);
    draw(definitions, tasks);
    const node = (id: string): Element => root.querySelector(`[data-task="${id}"]`)!;
    expect(node('skip').getAttribute('aria-label')).toBe('skip: skipped');
    expect(node('stop').getAttribute('aria-label')).toBe('stop: cancelled');
    expect(node('retry').getAttribute('aria-label')).toBe('retry: retry wait, attempt 2, retrying');
    expect(node('undo').getAttribute('aria-label')).toBe('undo: completed, compensated');
    expect(node('child').getAttribute('aria-label')).toBe('child: running, sub-workflow');
    // Each look has its own class (styled apart in styles.css), a second outline when compensated, an icon for the marked ones.
    const classes = ['skip', 'stop', 'retry', 'undo', 'child', 'done'].map((id) => node(id).getAttribute('class'));
    expect(new Set(classes).size).toBe(6);
    expect(node('undo').querySelector('rect.undo')).not.toBeNull();
    expect(node('done').querySelector('rect.undo')).toBeNull();
    const icons = ['skip', 'retry', 'undo', 'child', 'done'].map((id) => node(id).querySelector('text.icon')?.textContent ?? '');
    expect(icons).toEqual(['⤼', '↻', '↶', '⧉', '']);
    const legend = [...root.querySelectorAll('.legend li')].map((item) => item.textContent);
    expect(legend).toEqual(expect.arrayContaining(['skipped', 'cancelled', 'retrying', 'compensated', 'sub-workflow']));
  });

  it('shows how far forEach and loop tasks got, short on the box and in words in its accessible name', () => {
    const definitions: TaskDefinition[] = ['each', 'again'].map((id) => ({ id, executor: { type: 'tool', toolId: 'work' } }));
    const tasks = new Map<string, TaskState>([
      ['each', { id: 'each', status: 'running', attempt: 1, dynamic: { kind: 'forEach', completed: 37, total: 100 } }],
      ['again', { id: 'again', status: 'running', attempt: 1, dynamic: { kind: 'loop', completed: 3, total: 10 } }],
    ]);
    draw(definitions, tasks);
    const node = (id: string): Element => root.querySelector(`[data-task="${id}"]`)!;
    expect(node('each').getAttribute('aria-label')).toBe('each: running, 37 of 100 elements done');
    expect(node('each').querySelector('text.sub')!.textContent).toContain('37/100');
    expect(node('again').getAttribute('aria-label')).toBe('again: running, 3 rounds done, at most 10');
    expect(node('again').querySelector('text.sub')!.textContent).toContain('3/≤10 rounds');
  });
});
