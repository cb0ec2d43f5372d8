export { PostgresStore, createPostgresStore, type PostgresStoreOptions } from './PostgresStore.js';
export { SCHEMA_VERSION } from './migrations.js';
