import type { HostConfig, Logger, WorkflowStore } from '@troupe/sdk';
import type { Clock } from '../engine/Clock.js';
import type { RunsApi } from '../engine/RunsApi.js';
import type { DescriptorRegistry } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { serviceToken } from './ServiceToken.js';

/**
 * The host services a host app can override by token before start
 * (`host.override(Services.store, myStore)`), and that host-side code resolves
 * with `host.resolve(token)`.
 */
export const Services = {
  logger: serviceToken<Logger>('troupe.logger'),
  clock: serviceToken<Clock>('troupe.clock'),
  store: serviceToken<WorkflowStore>('troupe.store'),
  secrets: serviceToken<SecretResolver>('troupe.secrets'),
  registry: serviceToken<DescriptorRegistry>('troupe.registry'),
  config: serviceToken<HostConfig>('troupe.config'),
  engine: serviceToken<RunsApi>('troupe.engine'),
} as const;
