import type { DynamicTaskProgress } from '@troupe/sdk';

/**
 * How far a forEach or loop task got, in words (its accessible name and its
 * panel) or short (the second line of its box, 168 px wide).
 */
export function dynamicProgressText(dynamic: DynamicTaskProgress, form: 'words' | 'short' = 'words'): string {
  if (form === 'short') return dynamic.kind === 'forEach' ? `${dynamic.completed}/${dynamic.total}` : `${dynamic.completed}/≤${dynamic.total} rounds`;
  return dynamic.kind === 'forEach'
    ? `${dynamic.completed} of ${dynamic.total} elements done`
    : `${dynamic.completed} ${dynamic.completed === 1 ? 'round' : 'rounds'} done, at most ${dynamic.total}`;
}
