import { TroupeError } from '@troupe/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRuns } from './server-fakeRuns.js';
import { call, startTestServer, type TestServer } from './server-harness.js';

interface ErrorBody {
  readonly error: { readonly code: string; readonly hint?: string };
}

describe('REST: approving workflow drafts', () => {
  let server: TestServer;
  const approved: [string, string][] = [];
  const tokens = { starter: 'starter-token-0123456789', approver: 'approver-token-0123456789', admin: 'admin-token-0123456789abc' };

  beforeEach(async () => {
    approved.length = 0;
    server = await startTestServer({
      runs: new FakeRuns(),
      config: {
        tokens: [
          { name: 'starter', token: tokens.starter, scopes: ['read', 'start', 'answer'] },
          { name: 'approver', token: tokens.approver, scopes: ['drafts:approve'] },
          { name: 'admin', token: tokens.admin, scopes: ['admin'] },
        ],
      },
      approveDraft: async (draftId, actor) => {
        if (draftId !== 'd12345678') throw new TroupeError('E_DRAFT_NOT_FOUND', { draftId, dir: '.troupe/drafts' });
        approved.push([draftId, actor]);
        return { workflowId: `generated.${draftId}`, version: '1.0.0' };
      },
    });
  });
  afterEach(() => server.close());

  it('needs the dedicated drafts:approve scope (or admin); start/answer scopes are not enough', async () => {
    const starter = await call<ErrorBody>(server.url, 'POST', '/v1/drafts/d12345678/approve', { token: tokens.starter });
    expect([starter.status, starter.body.error.code]).toEqual([403, 'E_FORBIDDEN']);
    expect(approved).toEqual([]);
    const ok = await call<{ approved: { workflowId: string } }>(server.url, 'POST', '/v1/drafts/d12345678/approve', { token: tokens.approver });
    expect([ok.status, ok.body.approved.workflowId]).toEqual([200, 'generated.d12345678']);
    expect((await call(server.url, 'POST', '/v1/drafts/d12345678/approve', { token: tokens.admin })).status).toBe(200);
    expect(approved).toEqual([
      ['d12345678', 'approver'],
      ['d12345678', 'admin'],
    ]);
  });

  it('answers 404 E_DRAFT_NOT_FOUND for an unknown draft', async () => {
    const missing = await call<ErrorBody>(server.url, 'POST', '/v1/drafts/dffffffff/approve', { token: tokens.approver });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'E_DRAFT_NOT_FOUND']);
  });
});
