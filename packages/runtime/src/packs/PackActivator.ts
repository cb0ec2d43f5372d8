import { TroupeError, type AnyDescriptor, type JsonValue, type Logger, type PackContext, type PackDefinition, describeThrown } from '@troupe/sdk';
import { SchemaChecker } from '../config/SchemaChecker.js';
import type { ServiceContainer } from '../di/ServiceContainer.js';
import { Services } from '../di/Services.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { importPackDefinition } from './importPackDefinition.js';
import type { PackActivation, PackRecord } from './PackRecord.js';
import { checkDeclaredSecrets } from './checkDeclaredSecrets.js';
import { validateDescriptors } from './validateDescriptors.js';

export interface PackActivatorDependencies {
  readonly services: ServiceContainer;
  readonly logger: Logger;
  readonly secrets: SecretResolver;
}

export type ActivationResult = { readonly ok: true; readonly activation: PackActivation } | { readonly ok: false; readonly errors: TroupeError[] };

/**
 * The half of loading that runs pack code: import → options check →
 * activate(ctx) under a timeout → descriptor validation (shape, and no
 * executor requiring a secret its pack's manifest does not declare). A failure after
 * activate deactivates the pack again, so nothing half-active remains.
 */
export class PackActivator {
  constructor(private readonly deps: PackActivatorDependencies) {}

  /** `reload` > 0 re-imports the entry module under a fresh URL (hot reload). */
  async activate(record: PackRecord, reload = 0): Promise<ActivationResult> {
    let definition: PackDefinition;
    let options: Record<string, JsonValue>;
    try {
      definition = await importPackDefinition(record, reload);
      options = this.checkOptions(record, definition);
    } catch (error) {
      return { ok: false, errors: [error as TroupeError] };
    }

    const controller = new AbortController();
    const container = this.deps.services.createChild();
    const logger = this.deps.logger.child({ pack: record.id });
    container.provide(Services.logger, logger);
    const declared = (record.manifest?.secrets ?? []).map((secret) => secret.id);
    const context: PackContext = {
      packId: record.id,
      packVersion: record.version,
      logger,
      options,
      secrets: Object.freeze({ ...this.deps.secrets.resolve(declared).values }),
      signal: controller.signal,
    };

    const timedOut = new TroupeError('E_PACK_ACTIVATE_TIMEOUT', { pack: record.id, timeoutMs: record.settings.activationTimeoutMs });
    let returned: unknown;
    try {
      returned = await settleWithin(() => definition.activate?.(context), record.settings.activationTimeoutMs, () => timedOut);
      if (returned !== undefined && !Array.isArray(returned)) throw new Error('activate() must return an array of descriptors or nothing');
    } catch (error) {
      // The signal tells a still-running activate() to give up.
      controller.abort();
      await container.dispose();
      const failure = error === timedOut ? timedOut : new TroupeError('E_PACK_ACTIVATE_FAILED', { pack: record.id, reason: reasonOf(error) }, { cause: error });
      return { ok: false, errors: [failure] };
    }

    const descriptors = [...(definition.descriptors ?? []), ...((returned as readonly AnyDescriptor[] | undefined) ?? [])];
    const activation: PackActivation = { definition, context, controller, container, descriptors };
    const invalid = validateDescriptors(record.id, descriptors);
    if (invalid.length === 0) invalid.push(...checkDeclaredSecrets(record.id, record.manifest ?? record.inline?.manifest, descriptors));
    if (invalid.length > 0) {
      await this.deactivate(record, activation);
      return { ok: false, errors: invalid };
    }
    logger.debug({ descriptors: descriptors.length }, 'pack activated');
    return { ok: true, activation };
  }

  /** Calls deactivate(ctx) (bounded by the activation timeout), aborts the pack's signal, disposes its container. Never throws. */
  async deactivate(record: PackRecord, activation: PackActivation): Promise<void> {
    try {
      await settleWithin(
        () => activation.definition.deactivate?.(activation.context),
        record.settings.activationTimeoutMs,
        () => new Error(`deactivate() did not settle within ${record.settings.activationTimeoutMs} ms`),
      );
    } catch (error) {
      activation.context.logger.warn({ err: error }, 'pack deactivate failed');
    }
    activation.controller.abort();
    await activation.container.dispose();
  }

  private checkOptions(record: PackRecord, definition: PackDefinition): Record<string, JsonValue> {
    const options = structuredClone(record.settings.options) as Record<string, JsonValue>;
    if (definition.optionsSchema === undefined) return options;
    let problems: string[];
    try {
      problems = packOptionSchemas.check(definition.optionsSchema as object | boolean, options, 'options');
    } catch (error) {
      problems = [`the pack's optionsSchema does not compile: ${reasonOf(error)}`];
    }
    if (problems.length > 0) throw new TroupeError('E_PACK_OPTIONS_INVALID', { pack: record.id, problems });
    return options;
  }
}

/**
 * Pack-supplied options schemas; defaults from an optionsSchema fill in
 * missing options. Shared by every host of the process (validators are
 * cached by schema object), so a pack module's schema compiles once however
 * many hosts activate it.
 */
const packOptionSchemas = new SchemaChecker({ useDefaults: true });

function reasonOf(error: unknown): string {
  return describeThrown(error);
}

/** Runs `work` and waits at most `ms` for it; the timer never outlives the race. */
async function settleWithin<T>(work: () => T | Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
