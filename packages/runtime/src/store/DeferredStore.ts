import {
  TroupeError,
  type AuditEntry,
  type AuditFilter,
  type HostLeaseRecord,
  type PrunePolicy,
  type RunCommit,
  type RunEvent,
  type RunFilter,
  type RunPage,
  type RunState,
  type TriggerState,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';

/**
 * A store whose implementation lives in a package the runtime does not
 * depend on (a driver, a native module): loaded on open(), then every call
 * goes to it. Lets a host open `store: "postgres://…"` from its config while
 * hosts that never use PostgreSQL never load `pg`.
 */
export class DeferredStore implements WorkflowStore {
  #inner: WorkflowStore | undefined;

  constructor(
    readonly kind: string,
    private readonly load: () => Promise<WorkflowStore>,
  ) {}

  async open(): Promise<void> {
    this.#inner ??= await this.load();
    await this.#inner.open();
  }

  async close(): Promise<void> {
    await this.#inner?.close();
  }

  get #store(): WorkflowStore {
    if (!this.#inner) throw new TroupeError('E_STORE_UNAVAILABLE', { store: this.kind, reason: 'the store is not open; call open() first' });
    return this.#inner;
  }

  commit(batch: readonly RunCommit[]): Promise<void> {
    return this.#store.commit(batch);
  }
  getRun(runId: string): Promise<RunState | undefined> {
    return this.#store.getRun(runId);
  }
  getDefinition(runId: string): Promise<WorkflowDefinition | undefined> {
    return this.#store.getDefinition(runId);
  }
  listRuns(filter?: RunFilter): Promise<RunPage> {
    return this.#store.listRuns(filter);
  }
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]> {
    return this.#store.readEvents(runId, afterSeq, limit);
  }
  listUnfinishedRuns(): Promise<readonly RunState[]> {
    return this.#store.listUnfinishedRuns();
  }
  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return this.#store.appendAudit(entries);
  }
  listAudit(filter?: AuditFilter): Promise<readonly AuditEntry[]> {
    return this.#store.listAudit(filter);
  }
  getTriggerState(key: string): Promise<TriggerState | undefined> {
    return this.#store.getTriggerState(key);
  }
  saveTriggerState(state: TriggerState): Promise<void> {
    return this.#store.saveTriggerState(state);
  }
  prune(policy: PrunePolicy): Promise<number> {
    return this.#store.prune(policy);
  }
  readHostLease(): Promise<HostLeaseRecord | undefined> {
    return this.#store.readHostLease();
  }
  swapHostLease(expectedLeaseId: string | undefined, next: HostLeaseRecord | undefined): Promise<boolean> {
    return this.#store.swapHostLease(expectedLeaseId, next);
  }
}
