import { describe, expect, it } from 'vitest';
import type { HostLeaseRecord, Logger } from '@troupe/sdk';
import { MemoryStore } from '../store/MemoryStore.js';
import { HostLease } from './HostLease.js';

const logged: string[] = [];
const logger: Logger = (() => {
  const log = (...args: unknown[]): void => void logged.push(String(args[args.length - 1]));
  const self: Logger = { trace: log, debug: log, info: log, warn: log, error: log, fatal: log, child: () => self };
  return self;
})();

function stored(overrides: Partial<HostLeaseRecord> = {}): HostLeaseRecord {
  return { leaseId: 'other', pid: 999_999, hostname: 'elsewhere', startedAt: 1_000, heartbeatAt: 1_000, holder: 'troupe serve (http://127.0.0.1:7373)', ...overrides };
}

describe('HostLease', () => {
  it('refuses a second holder with E_STORE_LOCKED naming the first and what to do, and frees the store at release', async () => {
    const store = new MemoryStore();
    const first = await HostLease.acquire({ store, logger, holder: 'troupe run hello' });
    expect(first.record).toMatchObject({ pid: process.pid, holder: 'troupe run hello' });
    const refused = HostLease.acquire({ store, logger, holder: 'troupe serve', storeName: 'sqlite:.troupe/troupe.db' });
    await expect(refused).rejects.toMatchObject({
      code: 'E_STORE_LOCKED',
      message: expect.stringContaining(`troupe run hello (pid ${process.pid} on `),
      hint: expect.stringContaining('--url'),
    });
    await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('sqlite:.troupe/troupe.db') });
    await first.release();
    expect(await store.readHostLease()).toBeUndefined();
    const second = await HostLease.acquire({ store, logger, holder: 'troupe serve' });
    await second.release();
  });

  it('keeps a live lease of another machine until its heartbeat is older than staleAfterMs, then takes it over', async () => {
    const store = new MemoryStore();
    await store.swapHostLease(undefined, stored());
    await expect(HostLease.acquire({ store, logger, now: () => 1_000 + 30_000, staleAfterMs: 30_000 })).rejects.toMatchObject({ code: 'E_STORE_LOCKED' });
    const lease = await HostLease.acquire({ store, logger, now: () => 1_000 + 30_001, staleAfterMs: 30_000 });
    expect((await store.readHostLease())?.leaseId).toBe(lease.record.leaseId);
    await lease.release();
  });

  it('takes over at once a fresh lease whose pid is gone on this machine, or is our own pid from an earlier process', async () => {
    const store = new MemoryStore();
    await store.swapHostLease(undefined, stored({ hostname: 'here', heartbeatAt: Date.now() }));
    await expect(HostLease.acquire({ store, logger, hostname: 'here', isPidAlive: () => true })).rejects.toMatchObject({ code: 'E_STORE_LOCKED' });
    const dead = await HostLease.acquire({ store, logger, hostname: 'here', isPidAlive: () => false });
    await dead.release();

    await store.swapHostLease(undefined, stored({ hostname: 'here', pid: process.pid, heartbeatAt: Date.now() }));
    const reused = await HostLease.acquire({ store, logger, hostname: 'here' });
    await reused.release();
  });

  it('renews the heartbeat, and stops renewing once another host took the lease over', async () => {
    const store = new MemoryStore();
    let now = 5_000;
    const lease = await HostLease.acquire({ store, logger, now: () => now, heartbeatMs: 60_000 });
    now = 6_000;
    await lease.renew('troupe serve (http://127.0.0.1:7373)');
    expect(await store.readHostLease()).toMatchObject({ heartbeatAt: 6_000, holder: 'troupe serve (http://127.0.0.1:7373)' });
    await store.swapHostLease(lease.record.leaseId, stored());
    await lease.renew();
    expect(logged.some((line) => line.includes('lost the store\'s host lease'))).toBe(true);
    // Release leaves the new holder's lease alone.
    await lease.release();
    expect((await store.readHostLease())?.leaseId).toBe('other');
  });
});
