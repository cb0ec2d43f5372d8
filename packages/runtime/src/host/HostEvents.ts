import type { ErrorInfo } from '@troupe/sdk';

/** The outcome of one hot reload of a pack. */
export interface ReloadEvent {
  readonly packId: string;
  readonly ok: boolean;
  /** The version now active (the previous one when the reload failed). */
  readonly version: string;
  readonly error?: ErrorInfo;
}

/** A pack became active, failed or was deactivated (for audit logs and dashboards). */
export interface PackStatusEvent {
  readonly packId: string;
  readonly version: string;
  readonly status: 'active' | 'failed' | 'deactivated';
  readonly error?: ErrorInfo;
}

export interface HostEvents {
  reload: ReloadEvent;
  pack: PackStatusEvent;
}

type Listener<T> = (payload: T) => void;

/** Typed host events. Listeners run synchronously; one that throws does not stop the others. */
export class HostEventHub {
  private readonly listeners = new Map<keyof HostEvents, Set<Listener<never>>>();

  on<E extends keyof HostEvents>(event: E, listener: Listener<HostEvents[E]>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<never>);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener<never>);
  }

  /** The next payload of `event`. */
  once<E extends keyof HostEvents>(event: E): Promise<HostEvents[E]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        off();
        resolve(payload);
      });
    });
  }

  emit<E extends keyof HostEvents>(event: E, payload: HostEvents[E], onError: (error: unknown) => void): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<HostEvents[E]>)(payload);
      } catch (error) {
        onError(error);
      }
    }
  }
}
