import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `troupe` command as installed: the bin over the bundled CLI (`pnpm test` builds first). */
export const CLI_BIN = fileURLToPath(new URL('../../packages/cli/bin/troupe.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and collects its output; never rejects on a non-zero exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, TROUPE_DEBUG: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `troupe <args>` from the built CLI. */
export function runCli(args: readonly string[], options: Parameters<typeof runProcess>[2] = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [CLI_BIN, ...args], options);
}
