export { PostgresStore, createPostgresStore, type PostgresStoreOptions } from './PostgresStore.js';
export { SCHEMA_VERSION } from './migrations.js';
export { BullmqTaskDispatcher, type BullmqTaskDispatcherOptions } from './queue/BullmqTaskDispatcher.js';
export { BullmqTaskWorker, type BullmqTaskWorkerOptions } from './queue/BullmqTaskWorker.js';
export { cancelChannelOf, DEFAULT_QUEUE_NAME, jobIdOf } from './queue/jobIds.js';
export { RedisRunTelemetry, telemetryChannelOf, type RedisRunTelemetryOptions, type RunTelemetryUpdate } from './queue/RedisRunTelemetry.js';
