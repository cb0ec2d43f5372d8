import { afterEach, describe, expect, it, vi } from 'vitest';
import { TroupeRestClient } from './TroupeRestClient.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TroupeRestClient', () => {
  it('calls the global fetch as a function of the global object, as browsers require', async () => {
    // A browser's fetch throws "Illegal invocation" when called as a method of another object.
    const browserLikeFetch = vi.fn(function (this: unknown) {
      if (this !== globalThis && this !== undefined) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return Promise.resolve(new Response(JSON.stringify({ name: 'ops', scopes: ['read'] }), { status: 200, headers: { 'content-type': 'application/json' } }));
    });
    vi.stubGlobal('fetch', browserLikeFetch);
    const client = new TroupeRestClient({ url: 'http://127.0.0.1:7373', token: 'secret-token-value' });
    await expect(client.whoami()).resolves.toEqual({ name: 'ops', scopes: ['read'] });
    expect(browserLikeFetch).toHaveBeenCalledOnce();
  });
});
