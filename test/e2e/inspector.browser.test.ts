import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunState } from '@troupe/sdk';
import { E2E_OUTPUT, launchChromium, startProxy, startServe, type CuttableProxy, type ServeProcess } from './browserHarness.js';
import { createScratchApp } from './scratchApp.js';

// The web inspector in real Chromium against a real `troupe serve` (SQLite store, loopback, free port).
const ADMIN_TOKEN = 'inspector-admin-token-5b1f';
const VIEWER_TOKEN = 'inspector-viewer-token-9c2e';
const WAIT = { timeout: 15_000 };

let app: string;
let serve: ServeProcess;
let proxy: CuttableProxy;
let browser: Browser;

async function api<T>(method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: T }> {
  const response = await fetch(`${serve.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function startReview(): Promise<string> {
  const { body } = await api<{ run: RunState }>('POST', '/v1/workflows/start', { definitionId: 'review', input: { topic: 'otters' } });
  return body.run.runId;
}

async function storedEvents(runId: string): Promise<RunEvent[]> {
  return (await api<{ events: RunEvent[] }>('GET', `/v1/runs/${runId}/events?since=0&limit=10000`)).body.events;
}

async function signIn(page: Page, token: string, path = '/'): Promise<void> {
  await page.goto(`${proxy.url}${path}`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor(WAIT);
}

/** The event log's own account: how many events, the last seq, and doubles it dropped. */
async function eventLogState(page: Page): Promise<{ count: number; lastSeq: number; duplicates: number }> {
  const badge = page.getByTestId('event-count');
  return {
    count: Number(await badge.getAttribute('data-count')),
    lastSeq: Number(await badge.getAttribute('data-last-seq')),
    duplicates: Number(await badge.getAttribute('data-duplicates')),
  };
}

/** The id of the task box that has the keyboard focus, if one has. */
const focusedTask = (page: Page): Promise<string | null> => page.evaluate<string | null>("document.activeElement?.getAttribute('data-task') ?? null");

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(E2E_OUTPUT, `inspector-${name}.png`), fullPage: true });

beforeAll(async () => {
  app = createScratchApp({
    server: {
      tokens: [
        { name: 'ops', token: ADMIN_TOKEN, scopes: ['admin'] },
        { name: 'viewer', token: VIEWER_TOKEN, scopes: ['read'] },
      ],
    },
  });
  serve = await startServe(app);
  proxy = await startProxy(serve.url);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await serve?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('web inspector in Chromium', { timeout: 90_000 }, () => {
  it('signs in with a token, starts a run, shows tasks turning green live, approves from the page, sees the run complete', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${proxy.url}/`);
    await page.getByLabel('Access token').waitFor(WAIT);
    await shot(page, 'login');
    await signIn(page, ADMIN_TOKEN);

    await page.getByText('Start a run').click();
    await page.getByLabel('Workflow to start').selectOption('review');
    await page.getByLabel('Input (JSON)').fill('{"topic":"otters"}');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/\/runs\/[^/]+$/, WAIT);
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    await page.locator('[data-task="draft"][data-status="completed"]').waitFor(WAIT);
    await page.locator('[data-task="approve"][data-status="awaiting_input"]').waitFor(WAIT);
    expect(await page.locator('[data-task="publish"]').getAttribute('data-status')).toBe('pending');
    await page.getByRole('button', { name: /^approve: awaiting input/ }).click();
    await page.getByText('Publish the draft?').waitFor(WAIT);
    await shot(page, 'run-awaiting-approval');

    await page.getByLabel('Comment (optional)').fill('ship it');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.locator('main[data-status="completed"]').waitFor(WAIT);
    await page.locator('[data-task="publish"][data-status="completed"]').waitFor(WAIT);
    expect(await page.locator('[data-task-detail="approve"]').innerText()).toContain('ops');

    // A tool task's input, rebuilt by the server from the definition: the run input and the approval before it.
    await page.getByRole('button', { name: /^publish: completed/ }).click();
    const publishInput = page.locator('[data-task-detail="publish"] [data-testid="task-input"][data-state="ready"]');
    await publishInput.waitFor(WAIT);
    expect(await publishInput.innerText()).toContain('"topic": "otters"');
    expect(await publishInput.innerText()).toContain('"approve"');
    await shot(page, 'task-input');

    // The keyboard reaches the task boxes: Tab from the Find button to the first task, arrows to the next.
    await page.getByRole('button', { name: 'Find', exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedTask(page)).toBe('draft');
    await page.keyboard.press('ArrowRight');
    expect(await focusedTask(page)).toBe('approve');
    await page.locator('[data-task-detail="approve"]').waitFor(WAIT);
    await page.getByLabel('Find task').fill('publ');
    await page.keyboard.press('Enter');
    await page.locator('[data-task-detail="publish"]').waitFor(WAIT);
    expect(await focusedTask(page)).toBe('publish');

    const events = await storedEvents(runId);
    await expect.poll(() => eventLogState(page), WAIT).toEqual({ count: events.length, lastSeq: events.length, duplicates: 0 });
    const answered = events.find((event) => event.type === 'task.answered');
    expect(answered?.data).toMatchObject({ actor: 'ops', comment: 'ship it' });
    await shot(page, 'run-completed');

    // The token is in session storage only: never in the address bar or the server's output.
    expect(page.url()).not.toContain(ADMIN_TOKEN);
    expect(await page.evaluate("sessionStorage.getItem('troupe.inspector.token')")).toBe(ADMIN_TOKEN);
    expect(serve.output()).not.toContain(ADMIN_TOKEN);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.locator(`tr[data-run-id="${runId}"]`).getByText('completed').waitFor(WAIT);
    await shot(page, 'runs');
    await page.getByRole('link', { name: 'Startup report' }).click();
    await page.locator('tr[data-pack="@fixtures/review"]').getByText('active').waitFor(WAIT);
    await shot(page, 'startup-report');
    await page.close();
  });

  it('shows a new run in the list live, and answers an input task through the form generated from its schema', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone-sized screen
    await signIn(page, ADMIN_TOKEN);
    await page.getByTestId('connection').getByText('Live').waitFor(WAIT);
    const { body } = await api<{ run: RunState }>('POST', '/v1/workflows/start', { definitionId: 'form' });
    const row = page.locator(`tr[data-run-id="${body.run.runId}"]`);
    await row.waitFor(WAIT);
    await row.getByRole('link').click();
    await page.getByRole('button', { name: /^ask: awaiting input/ }).click();
    await page.getByLabel('n *').fill('2.5');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('n must be a whole number').waitFor(WAIT);
    await page.getByLabel('n *').fill('3');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.locator('main[data-status="completed"]').waitFor(WAIT);
    expect((await api<{ run: RunState }>('GET', `/v1/runs/${body.run.runId}`)).body.run.output).toBe(3);
    await shot(page, 'narrow-input-form');
    await page.close();
  });

  it('resumes after the network drops mid-run, with no event missing or doubled', async () => {
    const page = await browser.newPage();
    const runId = await startReview();
    await signIn(page, ADMIN_TOKEN, `/runs/${runId}`);
    await page.locator('main[data-live="true"]').waitFor(WAIT);
    await page.locator('[data-task="approve"][data-status="awaiting_input"]').waitFor(WAIT);
    await page.getByTestId('connection').getByText('Live').waitFor(WAIT);

    proxy.cut();
    try {
      await page.getByTestId('connection').getByText('Reconnecting…').waitFor(WAIT);
      // The run goes on while the page is cut off.
      expect((await api('POST', `/v1/runs/${runId}/tasks/approve/answer`, { approved: true })).status).toBe(200);
      await expect.poll(async () => (await api<{ run: RunState }>('GET', `/v1/runs/${runId}`)).body.run.status, WAIT).toBe('completed');
      await shot(page, 'reconnecting');
    } finally {
      proxy.restore();
    }

    await page.getByTestId('connection').getByText('Live').waitFor({ timeout: 30_000 });
    await page.locator('main[data-status="completed"]').waitFor(WAIT);
    await page.locator('[data-task="publish"][data-status="completed"]').waitFor(WAIT);
    const events = await storedEvents(runId);
    await expect.poll(() => eventLogState(page), WAIT).toEqual({ count: events.length, lastSeq: events.length, duplicates: 0 });
    await page.close();
  });

  it('gives a read-only token no approve button, and the server refuses an approve it forges', async () => {
    const page = await browser.newPage();
    const runId = await startReview();
    await signIn(page, VIEWER_TOKEN, `/runs/${runId}`);
    await page.getByRole('button', { name: /^approve: awaiting input/ }).click();
    await page.getByText('Your token cannot answer tasks').waitFor(WAIT);
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    await shot(page, 'read-only');

    // What the page would send if someone forged the click: refused, and the task still waits.
    const forged = await page.evaluate(async (id) => {
      const token = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('troupe.inspector.token');
      const response = await fetch(`/v1/runs/${id}/tasks/approve/answer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ approved: true }),
      });
      return { status: response.status, body: (await response.json()) as { error: { code: string } } };
    }, runId);
    expect([forged.status, forged.body.error.code]).toEqual([403, 'E_FORBIDDEN']);
    expect((await api<{ run: RunState }>('GET', `/v1/runs/${runId}`)).body.run.tasks.approve!.status).toBe('awaiting_input');
    await page.close();
  });

  it('asks again for a token the server does not know', async () => {
    const page = await browser.newPage();
    await page.goto(`${proxy.url}/runs/anything`);
    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('E_UNAUTHORIZED').waitFor(WAIT);
    expect(await page.evaluate("sessionStorage.getItem('troupe.inspector.token')")).toBeNull();
    await page.close();
  });
});
