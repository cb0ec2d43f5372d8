import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type ProcessResult } from '../e2e/cliProcess.js';

const APPROVAL_PACK = fileURLToPath(new URL('./approval-pack', import.meta.url));

/** A project folder using ./approval-pack on the default SQLite store; tools append their side effects to `effects.log` in it. */
export interface ApprovalApp {
  readonly dir: string;
  troupe(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<ProcessResult>;
  /** The side effects so far, one line per tool execution. */
  effects(): string[];
}

export function createApprovalApp(config: Record<string, unknown> = {}): ApprovalApp {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-faults-'));
  const effects = join(dir, 'effects.log');
  writeFileSync(effects, '');
  writeFileSync(join(dir, 'troupe.config.json'), JSON.stringify({ packs: [{ use: APPROVAL_PACK }], policies: { outbound: ['outbound-review'] }, ...config }));
  return {
    dir,
    troupe: (args, env = {}) => runCli(args, { cwd: dir, env: { SIDE_EFFECTS: effects, TROUPE_SECRET_MAIL_KEY: undefined, ...env } }),
    effects: () => readFileSync(effects, 'utf8').split('\n').filter((line) => line !== ''),
  };
}

/** The run id `troupe run` printed. */
export function runIdOf(result: ProcessResult): string {
  const runId = /run ([0-9a-f-]{36})/.exec(result.stdout)?.[1];
  if (!runId) throw new Error(`no run id in:\n${result.stdout}\n${result.stderr}`);
  return runId;
}
