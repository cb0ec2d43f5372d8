import { describe, expect, it } from 'vitest';
import { openStore } from './openStore.js';

describe('openStore', () => {
  it('maps the config store to a WorkflowStore, SQLite by default under the config folder', async () => {
    expect((await openStore('memory', '/app')).kind).toBe('memory');
    const sqlite = await openStore(undefined, '/app');
    expect(sqlite.kind).toBe('sqlite');
    expect(sqlite).toMatchObject({ path: '/app/.troupe/troupe.db' });
  });

  it('refuses a store this build cannot open (E_STORE_UNAVAILABLE)', async () => {
    await expect(openStore('postgres://db/troupe', '/app')).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
  });
});
