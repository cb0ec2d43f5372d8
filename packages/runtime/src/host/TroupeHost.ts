import { resolve as resolvePath } from 'node:path';
import type { DestinationStream } from 'pino';
import parseSemver from 'semver/functions/parse.js';
import {
  defineWorkflow,
  describeThrown,
  isInstanceSafely,
  toErrorInfo,
  TroupeError,
  type AuditEntry,
  type Descriptor,
  type ErrorInfo,
  type HostConfig,
  type InlinePack,
  type JsonValue,
  type Logger,
  type StartupReport,
  type WorkflowDefinition,
  type WorkflowStore,
  type TaskDispatcher,
} from '@troupe/sdk';
import { loadHostConfig, validateHostConfig, type LoadedHostConfig } from '../config/loadHostConfig.js';
import { ServiceContainer } from '../di/ServiceContainer.js';
import { Services } from '../di/Services.js';
import type { ServiceBinding, ServiceToken } from '../di/ServiceToken.js';
import { systemClock, type Clock } from '../engine/Clock.js';
import type { RunsApi } from '../engine/RunsApi.js';
import { compileWorkflow } from '../engine/compileWorkflow.js';
import { hashDefinition } from '../engine/hashDefinition.js';
import { WorkflowEngine } from '../engine/WorkflowEngine.js';
import { WorkflowInvalidError } from '../engine/WorkflowInvalidError.js';
import { PackWatcher } from '../hotreload/PackWatcher.js';
import { createRootLogger, type LogLevel } from '../logging/createRootLogger.js';
import { PackActivator } from '../packs/PackActivator.js';
import { prefetchPackModules } from '../packs/importPackDefinition.js';
import { fail, type PackRecord } from '../packs/PackRecord.js';
import { failIfDependencyFailed, planPacks, replanPack, type InlinePackSettings, type PackPlan } from '../packs/planPacks.js';
import { DescriptorRegistry, type DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { HostSecrets } from '../secrets/HostSecrets.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { secretEnvName } from '../secrets/secretEnvName.js';
import { RetentionPruner } from '../retention/RetentionPruner.js';
import { collectTriggers } from '../triggers/collectTriggers.js';
import { TriggerScheduler, type EmitOptions, type EventFire } from '../triggers/TriggerScheduler.js';
import { MemoryStore } from '../store/MemoryStore.js';
import { describeStoreSpec, effectiveStore, openConfiguredStore } from './openConfiguredStore.js';
import { HostEventHub, type HostEvents, type PackStatusEvent, type ReloadEvent } from './HostEvents.js';
import { HostLease, type HostLeaseOptions } from './HostLease.js';
import { HostRuns } from './HostRuns.js';
import { mergePolicies, type PolicyMap } from '../policy/mergePolicies.js';
import { rejectInvalidWorkflows } from './rejectInvalidWorkflows.js';
import { packReport, packValidation, withLoadResults, type ValidationReport } from './reports.js';

export interface HostOptions {
  /** The host config given in code; validated like a file. */
  readonly config?: HostConfig;
  /** Path of `troupe.config.json` (relative to `cwd`); its folder is the base for relative paths. */
  readonly configPath?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Programmatic secret values (the `programmatic` source). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Environment for `TROUPE_SECRET_<ID>` lookups. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Use this logger instead of the host's pino root logger. */
  readonly logger?: Logger;
  /** Level when the config sets no `log.level`. Default `silent`: a library stays quiet unless asked. */
  readonly logLevel?: LogLevel;
  /** Where log lines go when the config sets no `log.file`. Default stdout. */
  readonly logDestination?: DestinationStream | number;
  /** Whether logged errors keep their stack traces. Default true. */
  readonly logStacks?: boolean;
  /** Service overrides, as with `host.override`. */
  readonly services?: readonly ServiceBinding[];
  /**
   * Run workflows: open the store, start the engine over the active packs,
   * recover unfinished runs, arm triggers and the retention prune. Default
   * true; false loads the packs only (what `troupe packs` does).
   */
  readonly runWorkflows?: boolean;
  /**
   * The exclusive host lease a host that runs workflows takes on its store
   * (one host per store; a second one is refused with E_STORE_LOCKED): who
   * it names as the holder, and when a lease whose owner is gone is stale.
   */
  readonly hostLease?: HostLeaseOptions;
  /**
   * Runs tool and code task attempts in other processes (scale-out, e.g.
   * BullMQ workers); default: in this one. See runDispatchedTask for the
   * worker side.
   */
  readonly taskDispatcher?: TaskDispatcher;
}

export type HostState = 'created' | 'starting' | 'started' | 'stopping' | 'stopped' | 'failed';

/**
 * The extension host: loads the configured and registered packs (see
 * planPacks for the checks before any import, PackActivator for the rest),
 * keeps their descriptors in the registry, reloads local packs on change and
 * tears everything down in reverse order on stop.
 */
export class TroupeHost {
  readonly config: HostConfig;
  /** Absolute path of the config file, if the config came from one. */
  readonly configFile: string | undefined;
  /** Relative pack paths, the secrets file and the log file resolve against this folder. */
  readonly baseDir: string;
  private readonly services = ServiceContainer.createRoot();
  private readonly events = new HostEventHub();
  private readonly inline: { pack: InlinePack; settings: InlinePackSettings }[] = [];
  private currentState: HostState = 'created';
  private plan: PackPlan | undefined;
  private activator: PackActivator | undefined;
  /** Active packs in activation order; stop() walks it backwards. */
  private readonly activated: PackRecord[] = [];
  private watcher: PackWatcher | undefined;
  private reloads = 0;
  private reloadQueue: Promise<unknown> = Promise.resolve();
  private runWorkflows: boolean;
  private readonly taskDispatcher: TaskDispatcher | undefined;
  private readonly leaseOptions: HostLeaseOptions;
  /** The store's host lease while this host drives it. */
  private lease: HostLease | undefined;
  /** The store this host opened (and closes on stop). */
  private store: WorkflowStore | undefined;
  private runs: HostRuns | undefined;
  private scheduler: TriggerScheduler | undefined;
  private pruner: RetentionPruner | undefined;
  private triggerProblems: readonly TroupeError[] = [];
  /** Policy tag → guardrail ids the engine enforces, fixed once the packs are loaded. */
  private policies: PolicyMap = {};
  /** Pack status changes not yet written to the store's audit log. */
  private pendingAudit: AuditEntry[] = [];
  /** Services the host itself uses, kept after stop() disposed the container (reports stay readable). */
  private cached: { logger?: Logger; secrets?: SecretResolver; registry?: DescriptorRegistry; clock?: Clock } = {};

  constructor(loaded: LoadedHostConfig, options: Omit<HostOptions, 'config' | 'configPath' | 'cwd'> = {}) {
    this.config = loaded.config;
    this.configFile = loaded.file;
    this.baseDir = loaded.baseDir;
    this.runWorkflows = options.runWorkflows ?? true;
    this.taskDispatcher = options.taskDispatcher;
    this.leaseOptions = options.hostLease ?? {};
    const { config, baseDir } = this;
    this.services
      .provide(Services.config, config)
      .provide(Services.clock, systemClock)
      .provideFactory(Services.registry, () => new DescriptorRegistry(config.overrides ?? {}))
      .provideFactory(
        Services.secrets,
        () =>
          new HostSecrets({
            ...(config.secrets?.sources ? { sources: config.secrets.sources } : {}),
            ...(options.secrets ? { values: options.secrets } : {}),
            ...(options.env ? { env: options.env } : {}),
            ...(config.secrets?.file ? { file: resolvePath(baseDir, config.secrets.file) } : {}),
          }),
      )
      .provideFactory(Services.logger, (services) => {
        if (options.logger) return options.logger;
        const secrets = services.resolve(Services.secrets);
        return createRootLogger({
          level: config.log?.level ?? options.logLevel ?? 'silent',
          ...(config.log?.file ? { file: resolvePath(baseDir, config.log.file) } : {}),
          ...(options.logDestination !== undefined ? { destination: options.logDestination } : {}),
          ...(options.logStacks === false ? { stacks: false } : {}),
          scrub: (text) => secrets.scrub(text),
        });
      });
    if (this.storeSpec === 'memory') this.services.provideFactory(Services.store, () => new MemoryStore());
    for (const binding of options.services ?? []) this.override(binding.token, binding.value);
    if (this.runWorkflows) this.events.on('pack', (event) => this.pendingAudit.push(packAudit(event, this.clock.now())));
  }

  /**
   * The store this host runs on, as a config names it: the config's `store`,
   * else `sqlite:.troupe/troupe.db` beside a config file (what the CLI uses),
   * else `memory` for a config given in code. A host app's own
   * Services.store replaces it.
   */
  get storeSpec(): string {
    return effectiveStore(this.config.store, this.configFile !== undefined);
  }

  get state(): HostState {
    return this.currentState;
  }

  /** Active descriptors of every kind. */
  get registry(): DescriptorLookup {
    return this.descriptors;
  }

  get logger(): Logger {
    return (this.cached.logger ??= this.services.resolve(Services.logger));
  }

  get secrets(): SecretResolver {
    return (this.cached.secrets ??= this.services.resolve(Services.secrets));
  }

  private get descriptors(): DescriptorRegistry {
    return (this.cached.registry ??= this.services.resolve(Services.registry));
  }

  private get clock(): Clock {
    return (this.cached.clock ??= this.services.resolve(Services.clock));
  }

  /**
   * The runs API (also `Services.engine`): start, watch and answer runs. The
   * host creates its WorkflowEngine at start over the active packs; available
   * from start() until stop(). E_HOST_STATE otherwise, or when the host was
   * created with `runWorkflows: false`.
   */
  get engine(): RunsApi {
    if (!this.runs || this.currentState !== 'started') throw new TroupeError('E_HOST_STATE', { action: 'use the runs API (host.engine)', state: this.runWorkflows ? this.currentState : 'loading packs only (runWorkflows: false)' });
    return this.runs;
  }

  /**
   * Fires the event triggers named `name` (of workflow definitions and the
   * config) with `payload`; resolves with what each matching trigger did.
   */
  emit(name: string, payload: unknown, options?: EmitOptions): Promise<readonly EventFire[]> {
    if (!this.scheduler || this.currentState !== 'started') throw new TroupeError('E_HOST_STATE', { action: `emit event ${name}`, state: this.currentState });
    return this.scheduler.emit(name, payload, options);
  }

  /** A host service by token (E_SERVICE_MISSING when none is registered). */
  resolve<T>(token: ServiceToken<T>): T {
    return this.services.resolve(token);
  }

  /** Replaces a host service; only before start (E_SERVICE_OVERRIDE_LATE). */
  override<T>(token: ServiceToken<T>, value: T): this {
    if (this.currentState !== 'created') throw new TroupeError('E_SERVICE_OVERRIDE_LATE', { token: token.id });
    this.services.provide(token, value);
    this.cached = {};
    return this;
  }

  /**
   * Renews the store's host lease now with a new description of its holder
   * (e.g. `troupe serve on http://127.0.0.1:7373` once the server listens), so
   * a refused second driver is told where to go. No-op without a lease.
   */
  async describeLeaseHolder(holder: string): Promise<void> {
    await this.lease?.renew(holder);
  }

  /** Adds a pack defined in code; it loads with the configured ones, after them in the report. */
  register<Options = Record<string, JsonValue>>(pack: InlinePack<Options>, settings: InlinePackSettings = {}): this {
    this.assertState('register a pack', 'created');
    // Options are checked against the pack's optionsSchema at load; the type parameter is the author's promise.
    this.inline.push({ pack: pack as unknown as InlinePack, settings });
    return this;
  }

  on<E extends keyof HostEvents>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  once<E extends keyof HostEvents>(event: E): Promise<HostEvents[E]> {
    return this.events.once(event);
  }

  /**
   * Config, manifests, compatibility, requires and cycles, without importing
   * or activating anything (what `troupe validate` shows). Secrets are not
   * required here: they often exist only where the host runs.
   */
  validate(): ValidationReport {
    const errors: ErrorInfo[] = [];
    try {
      void this.secrets;
    } catch (error) {
      errors.push(toErrorInfo(error));
    }
    const plan = planPacks({ entries: this.config.packs ?? [], inline: this.inline, baseDir: this.baseDir, ...this.timeoutDefault() });
    const packs = plan.records.map(packValidation);
    return { valid: errors.length === 0 && packs.every((pack) => pack.status !== 'invalid'), packs, errors };
  }

  /**
   * validate(), then what only loading shows: imports and activates the packs
   * (no store is opened, no run resumed; a pack whose required secrets are
   * not set here is not imported, and not counted invalid for it) and
   * reports what they contribute: invalid descriptors, workflows that cannot
   * run (graph, expressions, references, policies), failed activations. The
   * packs are deactivated again; the host is stopped afterwards. What
   * `troupe validate` shows.
   */
  async check(): Promise<ValidationReport> {
    const planned = this.validate();
    this.assertState('check', 'created');
    // Host-level problems (an unreadable secrets file) stop a start too: report them as they are.
    if (planned.errors.length > 0) return planned;
    this.runWorkflows = false;
    try {
      await this.start();
    } catch (error) {
      // An aborted start still has per-pack errors worth reporting.
      if (!(error instanceof TroupeError && error.code === 'E_PACK_ABORTED')) throw error;
    }
    const loaded = this.report();
    await this.stop();
    return withLoadResults(planned, loaded);
  }

  /**
   * Loads every enabled pack and resolves with the startup report. A failed
   * pack is contained (status failed, dependants E_PACK_DEPENDENCY_FAILED)
   * unless its entry says onFailure "abort": then every pack activated so far
   * is deactivated and this rejects with E_PACK_ABORTED.
   */
  async start(): Promise<StartupReport> {
    this.assertState('start', 'created');
    this.currentState = 'starting';
    let secrets: SecretResolver;
    try {
      secrets = this.secrets;
      this.activator = new PackActivator({ services: this.services, logger: this.logger, secrets });
      void this.descriptors;
      if (this.runWorkflows) {
        // Unless the host app provided one, the config's store: imported (SQLite is a native module) only now.
        const configured = !this.services.has(Services.store);
        if (configured) this.services.provide(Services.store, await openConfiguredStore(this.storeSpec, this.baseDir));
        const store = this.services.resolve(Services.store);
        await store.open();
        // What E_STORE_LOCKED names: the config's store as written (never a password), else what the host app says.
        const storeName = configured ? describeStoreSpec(this.storeSpec) : (this.leaseOptions.storeName ?? store.kind);
        try {
          // Before any pack code runs: a second driver of the store stops here.
          this.lease = await HostLease.acquire({ ...this.leaseOptions, storeName, store, logger: this.logger });
        } catch (error) {
          await store.close();
          throw error;
        }
        this.store = store;
      }
    } catch (error) {
      this.currentState = 'failed';
      throw error;
    }
    try {
      await this.loadAll(planPacks({ entries: this.config.packs ?? [], inline: this.inline, baseDir: this.baseDir, secrets, ...this.timeoutDefault() }));
      if (this.runWorkflows) {
        await this.flushAudit();
        await this.startRuns(this.store!);
      }
    } catch (error) {
      // An abort has already rolled back the packs; anything else must not leave packs half-started either.
      await this.stopRuns();
      if (this.currentState === 'starting') {
        await this.deactivateAll();
        this.currentState = 'failed';
      }
      await this.closeStore();
      throw error;
    }
    this.currentState = 'started';
    return this.report();
  }

  /** The startup report as of now (hot reloads included); secret values scrubbed. */
  report(): StartupReport {
    const packs = (this.plan?.records ?? []).map((record) => packReport(record, this.descriptors));
    const errors = this.triggerProblems.map((problem) => toErrorInfo(problem));
    return this.secrets.scrubValue(errors.length > 0 ? { packs, errors } : { packs });
  }

  /**
   * Hot reload: watches local (path) packs and reloads one when its files
   * change. Resolves once watching; the returned function stops it (so does stop()).
   */
  async watch(options: { readonly debounceMs?: number } = {}): Promise<() => Promise<void>> {
    this.assertState('watch', 'started');
    if (!this.watcher) {
      const records = (this.plan?.records ?? []).filter((r) => r.origin === 'path' && r.dir !== undefined && r.status !== 'disabled');
      const byDir = new Map(records.map((record) => [record.dir!, record]));
      // A reload reports through its event; one refused because the host is stopping needs no report.
      const onChange = (dir: string): void => void this.reload(byDir.get(dir)!.id).catch(() => undefined);
      this.watcher = new PackWatcher([...byDir.keys()], onChange, options.debounceMs);
      await this.watcher.start();
    }
    return () => this.unwatch();
  }

  /**
   * Reloads one local pack from disk: the planning checks, a fresh import, a
   * new activation, then one atomic registry swap; the old instance is
   * deactivated after. On any failure the previous version stays active and
   * the pack's report carries the error. Reloads run one at a time.
   */
  reload(packId: string): Promise<ReloadEvent> {
    const run = this.reloadQueue.then(() => this.reloadNow(packId));
    this.reloadQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stops watching, then triggers and the retention prune, then the engine
   * (runs stay in the store, unfinished ones resume at the next start), then
   * deactivates packs in reverse activation order and disposes their
   * containers and the root, and closes the store.
   */
  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'stopping') return;
    this.assertState('stop', 'created', 'started', 'failed');
    this.currentState = 'stopping';
    await this.unwatch();
    await this.reloadQueue;
    await this.stopRuns();
    await this.deactivateAll();
    await this.services.dispose();
    await this.closeStore();
    this.currentState = 'stopped';
  }

  /**
   * The engine over the active packs, recovery of unfinished runs, triggers
   * (workflow definitions' and the config's) and the background retention prune.
   */
  private async startRuns(store: WorkflowStore): Promise<void> {
    const { config, logger, clock, policies } = this;
    const runs = new HostRuns({
      createEngine: () =>
        new WorkflowEngine({
          descriptors: this.descriptors,
          secrets: this.secrets,
          store,
          logger,
          clock,
          ...(config.engine ? { config: config.engine } : {}),
          policies,
          ...(this.taskDispatcher ? { dispatcher: this.taskDispatcher } : {}),
        }),
      logger,
    });
    this.runs = runs;
    this.services.provide(Services.engine, runs);
    const recovered = await runs.recover();
    if (recovered.resumed.length > 0 || recovered.paused.length > 0) {
      logger.info({ resumed: recovered.resumed.length, paused: recovered.paused.length }, `recovered ${recovered.resumed.length} unfinished run(s), ${recovered.paused.length} paused`);
    }
    this.scheduler = new TriggerScheduler({ runs, store, clock, logger });
    await this.scheduler.start(this.collectTriggers());
    this.pruner = new RetentionPruner({ store, clock, logger, ...(config.retention ? { config: config.retention } : {}) });
    this.pruner.start();
  }

  /** Valid triggers of the active workflows and the config; invalid ones go to the report and the log. */
  private collectTriggers(): ReturnType<typeof collectTriggers>['triggers'] {
    const { triggers, problems } = collectTriggers(this.runs!.listDefinitions(), this.config.triggers, this.clock.now());
    for (const problem of problems) this.logger.warn({ code: problem.code, err: problem }, problem.message);
    this.triggerProblems = problems;
    return triggers;
  }

  private async stopRuns(): Promise<void> {
    const { scheduler, pruner, runs } = this;
    this.scheduler = undefined;
    this.pruner = undefined;
    this.runs = undefined;
    await scheduler?.stop();
    await pruner?.stop();
    await runs?.close();
  }

  private async closeStore(): Promise<void> {
    const store = this.store;
    if (!store) return;
    await this.flushAudit();
    this.store = undefined;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
    await store.close();
  }

  private flushAudit(): Promise<void> {
    const entries = this.pendingAudit;
    this.pendingAudit = [];
    return entries.length > 0 ? this.appendAudit(entries) : Promise.resolve();
  }

  /** Audit entries are a record, not a gate: a store that refuses them is logged, never fatal. */
  private async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (!this.store) return;
    try {
      await this.store.appendAudit(entries);
    } catch (error) {
      this.logger.warn({ err: error, actions: entries.map((entry) => entry.action) }, 'could not write the audit log');
    }
  }

  /**
   * After a reload: triggers follow the new definitions, and when the pack
   * changed major version under unfinished runs pinned to the previous one, the
   * engine is replaced so those runs pause (E_PACK_INCOMPATIBLE) instead of
   * running on, while the others continue.
   */
  private async afterReload(packId: string, previousVersion: string, version: string): Promise<void> {
    await this.flushAudit();
    if (!this.runs || !this.store) return;
    try {
      await this.scheduler?.update(this.collectTriggers());
    } catch (error) {
      this.logger.warn({ err: error, pack: packId }, 'triggers were not updated after the reload');
    }
    const major = parseSemver(version)?.major;
    if (major === undefined || parseSemver(previousVersion)?.major === major) return;
    // The new version is active either way: a failure here is logged, it does not undo the reload.
    try {
      const pinned = (await this.store.listUnfinishedRuns()).filter((run) => {
        const at = run.pin.packVersions[packId];
        return at !== undefined && parseSemver(at)?.major !== major;
      });
      if (pinned.length === 0) return;
      const { paused } = await this.runs.restart();
      this.logger.warn({ pack: packId, from: previousVersion, to: version, paused: paused.length }, `pack ${packId} changed major version; ${paused.length} run(s) pinned to ${previousVersion} paused`);
    } catch (error) {
      this.logger.error({ err: error, pack: packId }, 'could not re-check the runs pinned to the previous major version');
    }
  }

  private async loadAll(plan: PackPlan): Promise<void> {
    this.plan = plan;
    for (const record of plan.records) if (record.status === 'failed') await this.failed(record);
    prefetchPackModules(plan.order.filter((record) => record.status === 'pending'));
    for (const record of plan.order) {
      if (record.status !== 'pending') continue;
      if (failIfDependencyFailed(record, plan.byId)) {
        await this.failed(record);
        continue;
      }
      const result = await this.activator!.activate(record);
      if (!result.ok) {
        fail(record, ...result.errors);
        await this.failed(record);
        continue;
      }
      this.descriptors.register(record.id, record.version, result.activation.descriptors, record.settings.priority);
      record.activation = result.activation;
      record.status = 'active';
      this.activated.push(record);
      this.logger.info({ pack: record.id, version: record.version, descriptors: result.activation.descriptors.length }, 'pack active');
      this.notify('pack', { packId: record.id, version: record.version, status: 'active' });
    }
    // Pack manifests' default stacks in activation order (a later pack, which may require the earlier ones, wins a tag), the config's entries over them whole.
    this.policies = mergePolicies(this.activated.map((record) => (record.manifest ?? record.inline?.manifest)?.policies), this.config.policies);
    this.checkWorkflows(this.activated);
  }

  /** Workflows that cannot run (graph, expressions, references, policies) are unregistered and listed on their pack. */
  private checkWorkflows(records: readonly PackRecord[]): void {
    for (const record of rejectInvalidWorkflows(this.descriptors, records, this.policies)) {
      for (const error of record.errors) this.logger.warn({ pack: record.id, code: error.code, err: error }, 'workflow not registered');
    }
  }

  private async reloadNow(packId: string): Promise<ReloadEvent> {
    const record = this.plan?.byId.get(packId);
    if (!record || !this.activator || this.currentState !== 'started') {
      throw new TroupeError('E_HOST_STATE', { action: `reload ${packId}`, state: this.currentState });
    }
    const reload = ++this.reloads;
    let event: ReloadEvent;
    try {
      const candidate = replanPack(record, this.plan!.byId, this.secrets);
      const result = await this.activator.activate(candidate, reload);
      if (!result.ok) throw result.errors[0];
      const previous = record.activation;
      const previousVersion = record.version;
      this.descriptors.replace(record.id, candidate.version, result.activation.descriptors, record.settings.priority);
      Object.assign(record, { version: candidate.version, manifest: candidate.manifest, entryFile: candidate.entryFile, activation: result.activation });
      record.status = 'active';
      record.errors = [];
      if (!this.activated.includes(record)) this.activated.push(record);
      this.checkWorkflows([record]);
      if (previous) await this.activator.deactivate(record, previous);
      this.logger.info({ pack: record.id, version: record.version }, 'pack reloaded');
      this.pendingAudit.push({ at: this.clock.now(), actor: 'host', action: 'pack.reloaded', data: { pack: record.id, from: previousVersion, version: record.version } });
      await this.afterReload(record.id, previousVersion, record.version);
      event = { packId, ok: true, version: record.version };
    } catch (error) {
      const failure = isInstanceSafely(error, TroupeError) ? error : new TroupeError('E_INTERNAL', { reason: describeThrown(error) }, { cause: error });
      record.errors = [failure];
      this.logger.warn({ pack: record.id, code: failure.code, err: failure }, 'pack reload failed; the previous version stays active');
      event = { packId, ok: false, version: record.version, error: this.secrets.scrubValue(toErrorInfo(failure)) };
      this.pendingAudit.push({ at: this.clock.now(), actor: 'host', action: 'pack.reload_failed', data: { pack: record.id, version: record.version, code: failure.code } });
      await this.flushAudit();
    }
    this.notify('reload', event);
    return event;
  }

  /** Logs a failure; when the pack's entry says abort, rolls back the start and rejects. */
  private async failed(record: PackRecord): Promise<void> {
    const error = record.errors[0];
    this.logger.warn({ pack: record.id, code: error?.code, err: error }, 'pack failed');
    this.notify('pack', { packId: record.id, version: record.version, status: 'failed', ...(error ? { error: this.secrets.scrubValue(toErrorInfo(error)) } : {}) });
    if (record.settings.onFailure !== 'abort') return;
    await this.deactivateAll();
    const aborted = new TroupeError('E_PACK_ABORTED', { pack: record.id }, { cause: error });
    for (const other of this.plan?.records ?? []) {
      if (other === record || other.status === 'disabled' || other.status === 'failed') continue;
      fail(other, aborted);
    }
    this.currentState = 'failed';
    throw aborted;
  }

  private async deactivateAll(): Promise<void> {
    for (const record of [...this.activated].reverse()) {
      const activation = record.activation;
      if (!activation) continue;
      this.descriptors.unregister(record.id);
      await this.activator!.deactivate(record, activation);
      delete record.activation;
      this.notify('pack', { packId: record.id, version: record.version, status: 'deactivated' });
    }
    this.activated.length = 0;
  }

  private async unwatch(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private notify<E extends keyof HostEvents>(event: E, payload: HostEvents[E]): void {
    this.events.emit(event, payload, (error) => this.logger.error({ err: error, event }, 'host event listener threw'));
  }

  private timeoutDefault(): { defaultTimeoutMs?: number } {
    return this.config.activationTimeoutMs === undefined ? {} : { defaultTimeoutMs: this.config.activationTimeoutMs };
  }

  /** The policy tags of the started host (tag → guardrail ids). */
  policyMap(): Readonly<Record<string, readonly string[]>> {
    return this.policies;
  }

  /**
   * Checks a workflow definition as the engine checks a pack's workflow
   * (shape, ids, cycles, references to active descriptors, expressions,
   * policy tags) and that every secret it needs resolves on this host.
   * Returns every problem; none means it can be registered.
   */
  checkWorkflow(definition: unknown): readonly TroupeError[] {
    this.assertState('check a workflow', 'started');
    let plan;
    try {
      plan = compileWorkflow(definition as WorkflowDefinition, this.descriptors, { policies: this.policies });
    } catch (error) {
      if (error instanceof WorkflowInvalidError) return error.diagnostics;
      if (error instanceof TroupeError) return [error];
      throw error;
    }
    const { missing } = this.secrets.resolve(plan.requiredSecrets);
    if (missing.length === 0) return [];
    return [new TroupeError('E_SECRET_MISSING', { owner: `Workflow ${plan.definition.id}`, missing: [...missing], envExample: secretEnvName(missing[0]!) })];
  }

  /**
   * Registers a workflow on the started host, as the only workflow of the
   * pack `packId@packVersion` (runs pin that version like any pack's), after
   * the same checks as checkWorkflow (E_WORKFLOW_INVALID otherwise); audited
   * as `workflow.registered` with the actor and the definition hash.
   */
  async registerWorkflow(definition: WorkflowDefinition, options: { readonly actor: string; readonly packId: string; readonly packVersion: string }): Promise<void> {
    this.assertState('register a workflow', 'started');
    const problems = this.checkWorkflow(definition);
    if (problems.length > 0) throw new WorkflowInvalidError(definition.id, problems);
    this.descriptors.register(options.packId, options.packVersion, [defineWorkflow(definition) as Descriptor]);
    this.pendingAudit.push({
      at: this.clock.now(),
      actor: options.actor,
      action: 'workflow.registered',
      data: { workflowId: definition.id, version: definition.version, pack: options.packId, packVersion: options.packVersion, definitionHash: hashDefinition(definition) },
    });
    await this.flushAudit();
  }

  private assertState(action: string, ...allowed: HostState[]): void {
    if (!allowed.includes(this.currentState)) throw new TroupeError('E_HOST_STATE', { action, state: this.currentState });
  }
}

/**
 * Creates a host from a config file (`configPath`), a config object
 * (`config`), or neither (an empty config: inline packs only). Throws
 * E_CONFIG_NOT_FOUND / E_CONFIG_INVALID.
 */
export function createHost(options: HostOptions = {}): TroupeHost {
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedHostConfig =
    options.configPath !== undefined
      ? loadHostConfig(options.configPath, cwd)
      : { config: validateHostConfig(options.config ?? {}), baseDir: cwd };
  return new TroupeHost(loaded, options);
}

const PACK_ACTIONS = { active: 'pack.activated', failed: 'pack.failed', deactivated: 'pack.deactivated' } as const;

function packAudit(event: PackStatusEvent, at: number): AuditEntry {
  return {
    at,
    actor: 'host',
    action: PACK_ACTIONS[event.status],
    data: { pack: event.packId, version: event.version, ...(event.error ? { code: event.error.code, message: event.error.message } : {}) },
  };
}
