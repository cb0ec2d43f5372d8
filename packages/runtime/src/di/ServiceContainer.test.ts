import { describe, expect, it } from 'vitest';
import { ServiceContainer } from './ServiceContainer.js';
import { serviceToken } from './ServiceToken.js';

describe('ServiceContainer', () => {
  const greeting = serviceToken<string>('test.greeting');
  const shout = serviceToken<string>('test.shout');

  it('resolves values and lazily built factories by token; a later registration wins', () => {
    const root = ServiceContainer.createRoot();
    let builds = 0;
    root.provide(greeting, 'hi').provideFactory(shout, (services) => {
      builds++;
      return services.resolve(greeting).toUpperCase();
    });
    root.provide(greeting, 'hello');
    expect(root.resolve(shout)).toBe('HELLO');
    expect(root.resolve(shout)).toBe('HELLO');
    expect(builds).toBe(1);
  });

  it('lets a child shadow a service without touching the parent, and isolates roots', () => {
    const root = ServiceContainer.createRoot().provide(greeting, 'root');
    const child = root.createChild().provide(greeting, 'child');
    expect(child.resolve(greeting)).toBe('child');
    expect(root.resolve(greeting)).toBe('root');
    expect(ServiceContainer.createRoot().has(greeting)).toBe(false);
  });

  it('names the token of a missing service (E_SERVICE_MISSING)', () => {
    expect(() => ServiceContainer.createRoot().resolve(greeting)).toThrow(expect.objectContaining({ code: 'E_SERVICE_MISSING', message: 'No service is registered for test.greeting' }));
  });

  it('disposes what it built', async () => {
    const disposable = serviceToken<{ dispose(): void; disposed: boolean }>('test.disposable');
    const root = ServiceContainer.createRoot().provideFactory(disposable, () => ({ disposed: false, dispose() { this.disposed = true; } }));
    const instance = root.resolve(disposable);
    await root.dispose();
    expect(instance.disposed).toBe(true);
  });
});
