export { SqliteStore, createSqliteStore, type SqliteStoreOptions, type SqliteStoreSettings } from './SqliteStore.js';
export { SCHEMA_VERSION } from './migrations.js';
