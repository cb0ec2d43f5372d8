import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '@troupe/store-sqlite';

// The writer runs the built package in its own process, so it can be killed with SIGKILL mid-write.
const storeEntry = fileURLToPath(new URL('../../packages/store-sqlite/dist/index.js', import.meta.url));

const writerSource = `
import { createSqliteStore } from ${JSON.stringify(storeEntry)};
const store = createSqliteStore({ path: process.argv[2] });
await store.open();
const runId = 'crash-run';
const existing = await store.getRun(runId);
let header = existing ?? {
  runId, status: 'running', input: { n: 1 }, roleAssignments: {}, createdAt: 1, updatedAt: 1, seq: 0,
  pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
};
let created = existing === undefined;
for (;;) {
  const seq = header.seq + 1;
  header = { ...header, seq, updatedAt: seq };
  await store.commit([{
    runId,
    ...(created ? { created: { definition: { id: 'wf', version: '1.0.0', tasks: [] } } } : {}),
    events: [{ runId, seq, type: 'task.progress', at: seq, taskId: 't' + (seq % 7), data: { payload: 'x'.repeat(seq % 300) } }],
    header,
    tasks: [{ id: 't' + (seq % 7), status: 'running', attempt: 1, output: { seq } }],
    seats: [],
  }]);
  created = false;
  // Acknowledge only after the commit resolved: this is what the engine would announce.
  process.stdout.write(seq + '\\n');
}
`;

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'troupe-crash-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the writer until it acknowledged `target` seqs, then kills it with SIGKILL; resolves the last acknowledged seq. */
function writeThenKill(script: string, path: string, target: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = 0;
    let buffered = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acknowledged = Number(line);
      if (acknowledged >= target) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer exited on its own: ${errors}`))));
  });
}

describe('SqliteStore under kill -9', () => {
  it('keeps every acknowledged commit and a gap-free log across repeated kills', async () => {
    const script = join(folder, 'writer.mjs');
    writeFileSync(script, writerSource);
    const path = join(folder, 'crash.db');
    let previous = 0;
    for (const more of [150, 400, 90, 250]) {
      const acknowledged = await writeThenKill(script, path, previous + more);
      const store = createSqliteStore({ path });
      await store.open();
      const run = await store.getRun('crash-run');
      const events = await store.readEvents('crash-run');
      await store.close();
      // Everything announced is there; at most the commit in flight at the kill is there too.
      expect(run!.seq).toBeGreaterThanOrEqual(acknowledged);
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: run!.seq }, (_, index) => index + 1));
      expect(run!.tasks[`t${run!.seq % 7}`]).toEqual({ id: `t${run!.seq % 7}`, status: 'running', attempt: 1, output: { seq: run!.seq } });
      previous = run!.seq;
    }
  });
});
