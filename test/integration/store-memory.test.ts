import { afterEach, describe, it } from 'vitest';
import { MemoryStore } from '@troupe/runtime';
import { describeStoreConformance } from '@troupe/testing';

describeStoreConformance(
  'memory',
  {
    create: async () => {
      const store = new MemoryStore();
      await store.open();
      return store;
    },
    // The same instance is the "same data" for an in-memory store.
    reopen: async (store) => {
      await store.close();
      await store.open();
      return store;
    },
    destroy: async (store) => store.close(),
  },
  { describe, it, afterEach },
);
