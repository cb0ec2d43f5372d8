// tsyringe needs the Reflect metadata polyfill loaded before it; ESM evaluates
// imports in order, so this line must stay first. Nothing else imports tsyringe.
import 'reflect-metadata';
import { container as globalContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { TroupeError } from '@troupe/sdk';
import type { ServiceToken } from './ServiceToken.js';

/**
 * The runtime's only door to tsyringe: values and factories registered under
 * explicit tokens (no decorators, no emitted metadata), a root per host and a
 * child per pack.
 */
export class ServiceContainer {
  /** What this container's factories built that can be disposed (tsyringe only tracks class instances). */
  private readonly built = new Set<{ dispose(): unknown }>();

  private constructor(private readonly inner: DependencyContainer) {}

  /** A fresh root, isolated from tsyringe's global container and from other hosts. */
  static createRoot(): ServiceContainer {
    return new ServiceContainer(globalContainer.createChildContainer());
  }

  /** Registers a value; a later registration of the same token wins. */
  provide<T>(token: ServiceToken<T>, value: T): this {
    this.inner.register<T>(token.key, { useValue: value });
    return this;
  }

  /** Registers a factory called once, on first resolve, so it sees the final overrides. */
  provideFactory<T>(token: ServiceToken<T>, factory: (services: ServiceContainer) => T): this {
    this.inner.register<T>(token.key, {
      useFactory: instanceCachingFactory<T>(() => {
        const instance = factory(this);
        if (isDisposable(instance)) this.built.add(instance);
        return instance;
      }),
    });
    return this;
  }

  has<T>(token: ServiceToken<T>): boolean {
    return this.inner.isRegistered(token.key, true);
  }

  resolve<T>(token: ServiceToken<T>): T {
    if (!this.has(token)) throw new TroupeError('E_SERVICE_MISSING', { token: token.id });
    return this.inner.resolve<T>(token.key);
  }

  createChild(): ServiceContainer {
    return new ServiceContainer(this.inner.createChildContainer());
  }

  /** Disposes, in reverse order, the instances this container's factories built that implement `dispose()`. */
  async dispose(): Promise<void> {
    for (const instance of [...this.built].reverse()) await instance.dispose();
    this.built.clear();
    await this.inner.dispose();
  }
}

function isDisposable(value: unknown): value is { dispose(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { dispose?: unknown }).dispose === 'function';
}
