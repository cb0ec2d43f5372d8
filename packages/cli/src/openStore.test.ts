import { describe, expect, it } from 'vitest';
import { openStore } from './openStore.js';

describe('openStore', () => {
  it('maps the config store to a WorkflowStore, SQLite by default under the config folder', async () => {
    expect((await openStore('memory', '/app')).kind).toBe('memory');
    const sqlite = await openStore(undefined, '/app');
    expect(sqlite.kind).toBe('sqlite');
    expect(sqlite).toMatchObject({ path: '/app/.troupe/troupe.db' });
  });

  it('maps postgres:// to the PostgreSQL store without connecting yet', async () => {
    const postgres = await openStore('postgres://troupe:pw@db.invalid:5432/troupe?schema=tenant_a', '/app');
    expect(postgres.kind).toBe('postgres');
    expect(postgres).toMatchObject({ schema: 'tenant_a', description: 'postgres://troupe:***@db.invalid:5432/troupe (schema tenant_a)' });
  });

  it('refuses a store the CLI cannot open (E_STORE_UNAVAILABLE)', async () => {
    await expect(openStore('mysql://db/troupe', '/app')).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
  });
});
