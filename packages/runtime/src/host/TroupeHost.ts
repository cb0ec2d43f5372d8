import { resolve as resolvePath } from 'node:path';
import type { DestinationStream } from 'pino';
import { toErrorInfo, TroupeError, type ErrorInfo, type HostConfig, type InlinePack, type JsonValue, type Logger, type StartupReport } from '@troupe/sdk';
import { loadHostConfig, validateHostConfig, type LoadedHostConfig } from '../config/loadHostConfig.js';
import { ServiceContainer } from '../di/ServiceContainer.js';
import { Services } from '../di/Services.js';
import type { ServiceBinding, ServiceToken } from '../di/ServiceToken.js';
import { systemClock } from '../engine/Clock.js';
import { PackWatcher } from '../hotreload/PackWatcher.js';
import { createRootLogger, type LogLevel } from '../logging/createRootLogger.js';
import { PackActivator } from '../packs/PackActivator.js';
import { fail, type PackRecord } from '../packs/PackRecord.js';
import { failIfDependencyFailed, planPacks, replanPack, type InlinePackSettings, type PackPlan } from '../packs/planPacks.js';
import { DescriptorRegistry, type DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { HostSecrets } from '../secrets/HostSecrets.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { HostEventHub, type HostEvents, type ReloadEvent } from './HostEvents.js';
import { packReport, packValidation, type ValidationReport } from './reports.js';

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
  /** Service overrides, as with `host.override`. */
  readonly services?: readonly ServiceBinding[];
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
  /** Services the host itself uses, kept after stop() disposed the container (reports stay readable). */
  private cached: { logger?: Logger; secrets?: SecretResolver; registry?: DescriptorRegistry } = {};

  constructor(loaded: LoadedHostConfig, options: Omit<HostOptions, 'config' | 'configPath' | 'cwd'> = {}) {
    this.config = loaded.config;
    this.configFile = loaded.file;
    this.baseDir = loaded.baseDir;
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
          scrub: (text) => secrets.scrub(text),
        });
      });
    for (const binding of options.services ?? []) this.services.provide(binding.token, binding.value);
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
    } catch (error) {
      this.currentState = 'failed';
      throw error;
    }
    try {
      await this.loadAll(planPacks({ entries: this.config.packs ?? [], inline: this.inline, baseDir: this.baseDir, secrets, ...this.timeoutDefault() }));
    } catch (error) {
      // An abort has already rolled back; anything else must not leave packs half-started either.
      if (this.currentState === 'starting') {
        await this.deactivateAll();
        this.currentState = 'failed';
      }
      throw error;
    }
    this.currentState = 'started';
    return this.report();
  }

  /** The startup report as of now (hot reloads included); secret values scrubbed. */
  report(): StartupReport {
    const packs = (this.plan?.records ?? []).map((record) => packReport(record, this.descriptors));
    return this.secrets.scrubValue({ packs });
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

  /** Stops watching, deactivates packs in reverse activation order and disposes their containers and the root. */
  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'stopping') return;
    this.assertState('stop', 'created', 'started', 'failed');
    this.currentState = 'stopping';
    await this.unwatch();
    await this.reloadQueue;
    await this.deactivateAll();
    await this.services.dispose();
    this.currentState = 'stopped';
  }

  private async loadAll(plan: PackPlan): Promise<void> {
    this.plan = plan;
    for (const record of plan.records) if (record.status === 'failed') await this.failed(record);
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
      this.emit('pack', { packId: record.id, version: record.version, status: 'active' });
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
      this.descriptors.replace(record.id, candidate.version, result.activation.descriptors, record.settings.priority);
      Object.assign(record, { version: candidate.version, manifest: candidate.manifest, entryFile: candidate.entryFile, activation: result.activation });
      record.status = 'active';
      record.errors = [];
      if (!this.activated.includes(record)) this.activated.push(record);
      if (previous) await this.activator.deactivate(record, previous);
      this.logger.info({ pack: record.id, version: record.version }, 'pack reloaded');
      event = { packId, ok: true, version: record.version };
    } catch (error) {
      const failure = error instanceof TroupeError ? error : new TroupeError('E_INTERNAL', { reason: String(error) }, { cause: error });
      record.errors = [failure];
      this.logger.warn({ pack: record.id, code: failure.code, err: failure }, 'pack reload failed; the previous version stays active');
      event = { packId, ok: false, version: record.version, error: this.secrets.scrubValue(toErrorInfo(failure)) };
    }
    this.emit('reload', event);
    return event;
  }

  /** Logs a failure; when the pack's entry says abort, rolls back the start and rejects. */
  private async failed(record: PackRecord): Promise<void> {
    const error = record.errors[0];
    this.logger.warn({ pack: record.id, code: error?.code, err: error }, 'pack failed');
    this.emit('pack', { packId: record.id, version: record.version, status: 'failed', ...(error ? { error: this.secrets.scrubValue(toErrorInfo(error)) } : {}) });
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
      this.emit('pack', { packId: record.id, version: record.version, status: 'deactivated' });
    }
    this.activated.length = 0;
  }

  private async unwatch(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private emit<E extends keyof HostEvents>(event: E, payload: HostEvents[E]): void {
    this.events.emit(event, payload, (error) => this.logger.error({ err: error, event }, 'host event listener threw'));
  }

  private timeoutDefault(): { defaultTimeoutMs?: number } {
    return this.config.activationTimeoutMs === undefined ? {} : { defaultTimeoutMs: this.config.activationTimeoutMs };
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
