import { describe, expect, it } from 'vitest';
import { defineTool, type Descriptor } from '@troupe/sdk';
import { DescriptorRegistry, type RegistryChange } from './DescriptorRegistry.js';

const tool = (id: string, priority?: number): Descriptor => defineTool({ id, execute: () => id, ...(priority === undefined ? {} : { priority }) });
const winner = (registry: DescriptorRegistry, id: string): string | undefined => registry.get('tool', id)?.packId;

describe('DescriptorRegistry', () => {
  it('activates the highest priority of a kind:id stack, ties going to the newest', () => {
    const registry = new DescriptorRegistry();
    registry.register('a', '1.0.0', [tool('x', 1)]);
    registry.register('b', '1.0.0', [tool('x', 0)]);
    expect(winner(registry, 'x')).toBe('a');
    registry.register('c', '1.0.0', [tool('x', 1)]);
    expect(winner(registry, 'x')).toBe('c');
    // The pack entry's priority adds to the descriptor's.
    registry.register('d', '1.0.0', [tool('x', 0)], 2);
    expect(registry.get('tool', 'x')).toMatchObject({ packId: 'd', priority: 2 });
    expect(registry.isActive('a', 'tool', 'x')).toBe(false);
  });

  it('re-activates the next one when a pack is removed', () => {
    const registry = new DescriptorRegistry();
    registry.register('a', '1.0.0', [tool('x', 5), tool('only-a')]);
    registry.register('b', '1.0.0', [tool('x', 1)]);
    registry.unregister('a');
    expect(winner(registry, 'x')).toBe('b');
    expect(registry.get('tool', 'only-a')).toBeUndefined();
    expect(registry.list('tool').map((entry) => entry.descriptor.id)).toEqual(['x']);
  });

  it('applies config overrides to every kind: disable, or force a priority', () => {
    const registry = new DescriptorRegistry({ 'tool:x': { priority: 10 }, 'tool:off': { enabled: false } });
    registry.register('a', '1.0.0', [tool('x', 0), tool('off')]);
    registry.register('b', '1.0.0', [tool('x', 50)]);
    // The override sets every registration's priority: the tie goes to the newest.
    expect(registry.get('tool', 'x')).toMatchObject({ packId: 'b', priority: 10 });
    expect(registry.get('tool', 'off')).toBeUndefined();
    expect(registry.entriesOf('a').map((entry) => entry.descriptor.id)).toEqual(['x', 'off']);
  });

  it('replaces a pack in one step: listeners see only real changes, never the gap', () => {
    const registry = new DescriptorRegistry();
    registry.register('a', '1.0.0', [tool('same'), tool('gone')]);
    const changes: RegistryChange[] = [];
    registry.onChange((change) => changes.push(change));
    registry.replace('a', '1.1.0', [tool('same'), tool('new')]);
    expect(changes.map((c) => `${c.id}:${c.active?.packVersion ?? 'none'}`).sort()).toEqual(['gone:none', 'new:1.1.0', 'same:1.1.0']);
    expect(registry.get('tool', 'same')?.packVersion).toBe('1.1.0');
  });
});
