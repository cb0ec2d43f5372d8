import { TroupeError, type InlinePack, type PackEntry, describeThrown, isInstanceSafely } from '@troupe/sdk';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { secretEnvName } from '../secrets/secretEnvName.js';
import { checkEngine, checkInstalledVersion, satisfiesRange } from './checkCompatibility.js';
import { locatePack, packEntryFile, readPackageJson } from './locatePack.js';
import { orderPacks } from './orderPacks.js';
import { fail, type PackRecord, type PackSettings } from './PackRecord.js';
import { readInlineManifest, readPackManifest } from './readPackManifest.js';

export const DEFAULT_ACTIVATION_TIMEOUT_MS = 10_000;

/** Entry settings for a pack registered in code. */
export type InlinePackSettings = Partial<Omit<PackSettings, 'versionRange'>>;

export interface PlanInput {
  readonly entries: readonly PackEntry[];
  readonly inline: readonly { readonly pack: InlinePack; readonly settings: InlinePackSettings }[];
  /** Folder relative `use` paths and npm lookups start from. */
  readonly baseDir: string;
  readonly defaultTimeoutMs?: number;
  /** When given, required secrets are checked (start); `troupe validate` leaves them out. */
  readonly secrets?: SecretResolver;
}

export interface PackPlan {
  /** Config entries first, then inline packs, in the order given (the report's order). */
  readonly records: readonly PackRecord[];
  /** Records to load, each after the packs it requires; records that failed planning included. */
  readonly order: readonly PackRecord[];
  /** Id → the record that answers `requires` for it. */
  readonly byId: ReadonlyMap<string, PackRecord>;
}

/**
 * Everything that happens before any pack code is imported: discover,
 * validate manifests, check engine/version/requires, order topologically
 * (cycles fail every member), check secrets. A failure marks that pack
 * failed; dependants fail with E_PACK_DEPENDENCY_FAILED.
 */
export function planPacks(input: PlanInput): PackPlan {
  const timeout = input.defaultTimeoutMs ?? DEFAULT_ACTIVATION_TIMEOUT_MS;
  const records = [
    ...input.entries.map((entry) => discoverEntry(entry, input.baseDir, timeout)),
    ...input.inline.map(({ pack, settings }) => discoverInline(pack, settings, timeout)),
  ];

  const byId = new Map<string, PackRecord>();
  for (const record of records) {
    if (record.status === 'disabled' || record.errors.some((e) => e.code === 'E_PACK_NOT_FOUND')) continue;
    if (byId.has(record.id)) fail(record, new TroupeError('E_PACK_DUPLICATE', { pack: record.id }));
    else byId.set(record.id, record);
  }

  for (const record of byId.values()) if (record.status === 'pending') checkRequires(record, byId);

  const { order, cycles } = orderPacks([...byId.values()].map((r) => ({ id: r.id, requires: Object.keys(r.manifest?.requires ?? {}) })));
  for (const cycle of cycles) {
    for (const id of cycle) {
      const record = byId.get(id)!;
      if (record.status === 'pending') fail(record, new TroupeError('E_PACK_DEPENDENCY_CYCLE', { cycle: [...cycle] }));
    }
  }
  const ordered = order.map((id) => byId.get(id)!);
  for (const record of ordered) {
    if (record.status !== 'pending' || failIfDependencyFailed(record, byId)) continue;
    if (input.secrets) checkSecrets(record, input.secrets);
  }
  return { records, order: ordered, byId };
}

/** Fails a pending pack whose required pack failed, chaining that pack's error. Returns true if it did. */
export function failIfDependencyFailed(record: PackRecord, byId: ReadonlyMap<string, PackRecord>): boolean {
  for (const dependencyId of Object.keys(record.manifest?.requires ?? {})) {
    const dependency = byId.get(dependencyId);
    if (dependency?.status !== 'failed') continue;
    fail(record, new TroupeError('E_PACK_DEPENDENCY_FAILED', { pack: record.id, dependency: dependency.id }, { cause: dependency.errors[0] }));
    return true;
  }
  return false;
}

function settingsOf(entry: PackEntry, timeout: number): PackSettings {
  return {
    enabled: entry.enabled ?? true,
    priority: entry.priority ?? 0,
    options: entry.options ?? {},
    onFailure: entry.onFailure ?? 'continue',
    activationTimeoutMs: entry.activationTimeoutMs ?? timeout,
    ...(entry.version === undefined ? {} : { versionRange: entry.version }),
  };
}

function discoverEntry(entry: PackEntry, baseDir: string, timeout: number): PackRecord {
  const settings = settingsOf(entry, timeout);
  const record: PackRecord = { use: entry.use, origin: 'npm', settings, id: entry.use, version: '', status: 'pending', errors: [] };
  try {
    const location = locatePack(entry.use, baseDir);
    Object.assign(record, { origin: location.origin, dir: location.dir });
    const name = location.packageJson.name;
    const version = location.packageJson.version;
    if (typeof name === 'string') record.id = name;
    if (typeof version === 'string') record.version = version;
    if (!settings.enabled) {
      record.status = 'disabled';
      return record;
    }
    const identity = readPackManifest(entry.use, location.packageJson);
    Object.assign(record, identity, { entryFile: packEntryFile(location.dir, location.packageJson, identity.manifest.entry) });
    checkEngine(record.id, identity.manifest.engine);
    checkInstalledVersion(record.id, record.version, settings.versionRange);
  } catch (error) {
    if (!settings.enabled) record.status = 'disabled';
    else fail(record, asTroupeError(error));
  }
  return record;
}

function discoverInline(pack: InlinePack, given: InlinePackSettings, timeout: number): PackRecord {
  const settings: PackSettings = { enabled: true, priority: 0, options: {}, onFailure: 'continue', activationTimeoutMs: timeout, ...given };
  const record: PackRecord = { use: String(pack.id), origin: 'inline', settings, id: String(pack.id), version: String(pack.version), inline: pack, status: 'pending', errors: [] };
  if (!settings.enabled) {
    record.status = 'disabled';
    return record;
  }
  try {
    Object.assign(record, readInlineManifest(pack));
    checkEngine(record.id, record.manifest!.engine);
  } catch (error) {
    fail(record, asTroupeError(error));
  }
  return record;
}

function checkRequires(record: PackRecord, byId: ReadonlyMap<string, PackRecord>): void {
  for (const [requires, range] of Object.entries(record.manifest?.requires ?? {})) {
    const dependency = byId.get(requires);
    if (!dependency) fail(record, new TroupeError('E_PACK_REQUIRES_MISSING', { pack: record.id, requires }));
    else if (dependency.version !== '' && !satisfiesRange(dependency.version, range)) {
      fail(record, new TroupeError('E_PACK_REQUIRES_MISMATCH', { pack: record.id, requires, range, version: dependency.version }));
    }
  }
}

function checkSecrets(record: PackRecord, secrets: SecretResolver): void {
  const required = (record.manifest?.secrets ?? []).filter((s) => !s.optional).map((s) => s.id);
  const { missing } = secrets.resolve(required);
  if (missing.length > 0) {
    fail(record, new TroupeError('E_SECRET_MISSING', { owner: `Pack ${record.id}`, missing: [...missing], envExample: secretEnvName(missing[0]!) }));
  }
}

function asTroupeError(error: unknown): TroupeError {
  return isInstanceSafely(error, TroupeError) ? error : new TroupeError('E_INTERNAL', { reason: describeThrown(error) }, { cause: error });
}

/**
 * The planning checks again for one pack folder that changed on disk (hot
 * reload): re-read package.json, manifest, engine, version range, requires
 * against what is loaded now, secrets. Returns the record the new version
 * would have; throws the first problem.
 */
export function replanPack(record: PackRecord, byId: ReadonlyMap<string, PackRecord>, secrets: SecretResolver): PackRecord {
  const packageJson = readPackageJson(record.dir!, record.use);
  const identity = readPackManifest(record.use, packageJson);
  if (identity.id !== record.id) {
    throw new TroupeError('E_PACK_MANIFEST_INVALID', { pack: record.id, problems: [`package.json: "name" changed to "${identity.id}"; renaming a pack needs a restart`] });
  }
  checkEngine(record.id, identity.manifest.engine);
  checkInstalledVersion(record.id, identity.version, record.settings.versionRange);
  const candidate: PackRecord = {
    ...record,
    ...identity,
    entryFile: packEntryFile(record.dir!, packageJson, identity.manifest.entry),
    status: 'pending',
    errors: [],
  };
  delete candidate.activation;
  checkRequires(candidate, byId);
  if (candidate.status === 'pending') failIfDependencyFailed(candidate, byId);
  if (candidate.status === 'pending') checkSecrets(candidate, secrets);
  if (candidate.errors.length > 0) throw candidate.errors[0];
  return candidate;
}
