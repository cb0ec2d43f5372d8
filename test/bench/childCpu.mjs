// CPU time of child processes, for the start-up benchmarks: bash's `times`
// prints the user and system time of the commands it waited for, so no
// platform-specific /usr/bin/time is needed.
import { spawnSync } from 'node:child_process';

const MARK = '--- times ---';

/** Runs `command` (argv) to completion; returns its user + sys CPU in ms. Throws when it fails. */
export function spawnCpuMs(command, options = {}) {
  return spawnWithCpu(command, options).cpuMs;
}

/** Runs `command` (argv) to completion (`options.env` added to this process's); returns its stdout and its user + sys CPU in ms. Throws when it fails. */
export function spawnWithCpu(command, options = {}) {
  // `times` reports on stderr after the command's own stderr, behind a marker line.
  const script = '"$@"; status=$?; echo "$MARK" >&2; times >&2; exit $status';
  const result = spawnSync('bash', ['-c', script, 'bash', ...command], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, ...options.env, MARK },
    maxBuffer: 64 * 1024 * 1024,
  });
  const [stderr, times = ''] = result.stderr.split(`${MARK}\n`);
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited with ${result.status}: ${stderr}`);
  // The second line of `times` is the children's: "0m0.123s 0m0.045s".
  const children = times.trim().split('\n').at(-1);
  const [user, sys] = children.split(/\s+/).map(seconds);
  return { stdout: result.stdout, cpuMs: (user + sys) * 1000 };
}

function seconds(text) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`unexpected output of times: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export { lowerQuartile } from './benchTiming.mjs';
