import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { TroupeError, type HostLeaseRecord, type Logger, type WorkflowStore } from '@troupe/sdk';

/** A lease not renewed for this long is stale: its owner is taken to be gone. */
export const DEFAULT_LEASE_STALE_AFTER_MS = 30_000;

export interface HostLeaseOptions {
  /** What holds the lease, shown to a refused second driver (e.g. `troupe serve`). Default `host`. */
  readonly holder?: string;
  /** The store as the user names it, for the refusal message. Default the store's kind. */
  readonly storeName?: string;
  /** Default 30 000 ms. A lease whose heartbeat is older is taken over. */
  readonly staleAfterMs?: number;
  /** How often the holder renews it. Default a third of staleAfterMs. */
  readonly heartbeatMs?: number;
}

interface LeaseDependencies extends HostLeaseOptions {
  readonly store: WorkflowStore;
  readonly logger: Logger;
  /** Wall-clock time (the lease is compared across processes). Default Date.now. */
  readonly now?: () => number;
  readonly hostname?: string;
  readonly pid?: number;
  readonly isPidAlive?: (pid: number) => boolean;
}

/** Lease ids held by hosts of this process: a record with our pid but another id belongs to an earlier process that had our pid. */
const heldHere = new Set<string>();

/**
 * The exclusive host lease of a store (one host drives a store's runs): taken
 * at start, renewed on a timer, removed at stop. Staleness is decided here,
 * once for every store: the heartbeat is older than `staleAfterMs`, or the
 * holder ran on this machine and its pid is gone. Stores only read the record
 * and swap it atomically.
 */
export class HostLease {
  #record: HostLeaseRecord;
  #timer: NodeJS.Timeout | undefined;
  #released = false;
  #renewing: Promise<void> = Promise.resolve();

  private constructor(
    record: HostLeaseRecord,
    private readonly deps: LeaseDependencies,
  ) {
    this.#record = record;
  }

  get record(): HostLeaseRecord {
    return this.#record;
  }

  /** Takes the store's lease, or throws E_STORE_LOCKED naming the live holder. */
  static async acquire(deps: LeaseDependencies): Promise<HostLease> {
    const now = deps.now ?? Date.now;
    const staleAfterMs = deps.staleAfterMs ?? DEFAULT_LEASE_STALE_AFTER_MS;
    const mine: HostLeaseRecord = {
      leaseId: randomUUID(),
      pid: deps.pid ?? process.pid,
      hostname: deps.hostname ?? osHostname(),
      startedAt: now(),
      heartbeatAt: now(),
      holder: deps.holder ?? 'host',
    };
    // A few rounds: another process may take or renew the lease between the read and the swap.
    for (let round = 0; round < 3; round++) {
      const current = await deps.store.readHostLease();
      if (current && !isStale(current, mine, now(), staleAfterMs, deps.isPidAlive ?? isPidAlive)) throw lockedError(current, deps, now(), staleAfterMs);
      const taken = { ...mine, startedAt: now(), heartbeatAt: now() };
      if (await deps.store.swapHostLease(current?.leaseId, taken)) {
        if (current) deps.logger.warn({ previous: current }, `took over the stale host lease of ${current.holder} (pid ${current.pid} on ${current.hostname})`);
        const lease = new HostLease(taken, deps);
        heldHere.add(taken.leaseId);
        lease.#startHeartbeat(deps.heartbeatMs ?? Math.max(1, Math.floor(staleAfterMs / 3)));
        return lease;
      }
    }
    const current = await deps.store.readHostLease();
    throw current ? lockedError(current, deps, now(), staleAfterMs) : new TroupeError('E_INTERNAL', { reason: 'the host lease kept changing while it was taken' });
  }

  /** Renews the lease now, optionally with a new holder description (e.g. once the server listens). */
  renew(holder?: string): Promise<void> {
    const next = this.#renewing.then(() => this.#renew(holder));
    this.#renewing = next.catch(() => undefined);
    return next;
  }

  /** Stops renewing and removes the lease (if it is still ours). */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    await this.#renewing;
    heldHere.delete(this.#record.leaseId);
    try {
      await this.deps.store.swapHostLease(this.#record.leaseId, undefined);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not remove the host lease; the next host takes it over once it is stale');
    }
  }

  #startHeartbeat(everyMs: number): void {
    this.#timer = setInterval(() => {
      void this.renew().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not renew the host lease'));
    }, everyMs);
    // The lease never keeps a process alive by itself.
    this.#timer.unref();
  }

  async #renew(holder: string | undefined): Promise<void> {
    if (this.#released) return;
    const next: HostLeaseRecord = { ...this.#record, heartbeatAt: (this.deps.now ?? Date.now)(), ...(holder !== undefined ? { holder } : {}) };
    if (await this.deps.store.swapHostLease(this.#record.leaseId, next)) {
      this.#record = next;
      return;
    }
    // Another host took the lease over (this one was taken for dead): its runs are no longer ours to drive.
    this.#released = true;
    clearInterval(this.#timer);
    heldHere.delete(this.#record.leaseId);
    const current = await this.deps.store.readHostLease();
    this.deps.logger.error({ code: 'E_STORE_LOCKED', holder: current }, `this host lost the store's host lease to ${current ? `${current.holder} (pid ${current.pid} on ${current.hostname})` : 'another host'}; stop this host`);
  }
}

/** Whether the stored lease may be taken over by `mine`. */
function isStale(current: HostLeaseRecord, mine: HostLeaseRecord, now: number, staleAfterMs: number, alive: (pid: number) => boolean): boolean {
  if (now - current.heartbeatAt > staleAfterMs) return true;
  if (current.hostname !== mine.hostname) return false;
  // Same machine: a pid that is gone, or our own pid under a lease no host of this process holds (an earlier process that had our pid), is provably dead.
  if (current.pid === mine.pid) return !heldHere.has(current.leaseId);
  return !alive(current.pid);
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(current: HostLeaseRecord, deps: LeaseDependencies, now: number, staleAfterMs: number): TroupeError {
  return new TroupeError('E_STORE_LOCKED', {
    store: deps.storeName ?? deps.store.kind,
    holder: current.holder,
    pid: current.pid,
    hostname: current.hostname,
    since: new Date(current.startedAt).toISOString(),
    lastSeen: `${Math.max(0, Math.round((now - current.heartbeatAt) / 1000))} s ago`,
    staleAfter: `${Math.round(staleAfterMs / 1000)} s without a heartbeat`,
  });
}
