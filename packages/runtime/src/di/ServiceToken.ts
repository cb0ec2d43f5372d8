/**
 * A typed key for a host service (a Backstage-style service ref). Packs and
 * host apps only ever see tokens; the container behind them is an internal.
 */
export interface ServiceToken<T> {
  readonly id: string;
  /** The key the container stores the service under. */
  readonly key: symbol;
  /** Carries T for type inference only; never set. */
  readonly valueType?: T;
}

export function serviceToken<T>(id: string): ServiceToken<T> {
  return { id, key: Symbol(id) };
}

/** A service value to install before start (`createHost({ services: [provide(token, value)] })`). */
export interface ServiceBinding<T = unknown> {
  readonly token: ServiceToken<T>;
  readonly value: T;
}

export function provide<T>(token: ServiceToken<T>, value: T): ServiceBinding<T> {
  return { token, value };
}
