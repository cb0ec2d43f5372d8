// What a `troupe` command costs to start, in CPU time (user + sys of the
// whole process, which load on a shared machine changes much less than wall
// time), next to `node -e 0` (Node's own start) measured in the same rounds:
// `--version`, `--help`, `run hello` on the demo config, `runs` and `status`
// on the store that run wrote, and `pnpm troupe --version` (pnpm's share)
// when pnpm is on the PATH. Prints the lower quartile of each command and
// what it costs beyond Node's start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerQuartile, spawnCpuMs } from './childCpu.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'packages/cli/bin/troupe.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);

export default async function cliStart() {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-cli-start-bench-'));
  try {
    // The demo config, with its store in the temporary folder.
    const config = join(dir, 'troupe.config.json');
    writeFileSync(config, JSON.stringify({ packs: [{ use: join(root, 'packs/hello') }], log: { level: 'warn' } }));
    const troupe = (...args) => ['node', bin, ...args];
    const ran = spawnSync('node', [bin, 'run', 'hello', '--config', config, '--json'], { encoding: 'utf8' });
    if (ran.status !== 0) throw new Error(`troupe run failed: ${ran.stderr}`);
    const runId = JSON.parse(ran.stdout).runId;

    const cases = [
      ['node -e 0 (baseline)', ['node', '-e', '0']],
      ['troupe --version', troupe('--version')],
      ['troupe --help', troupe('--help')],
      ['troupe run hello (demo)', troupe('run', 'hello', '--config', config)],
      ['troupe runs', troupe('runs', '--config', config)],
      ['troupe status <id>', troupe('status', runId, '--config', config)],
    ];
    const pnpm = findOnPath('pnpm');
    if (pnpm) cases.push(['pnpm troupe --version', [pnpm, 'troupe', '--version']]);
    else console.log('(pnpm is not on the PATH: its row is skipped)');

    const samples = cases.map(() => []);
    for (let round = 0; round < rounds + 1; round++) {
      // Interleaved, so every command sees the same machine load; the first round warms the file cache.
      for (const [i, [, command]] of cases.entries()) {
        const ms = spawnCpuMs(command, { cwd: root });
        if (round > 0) samples[i].push(ms);
      }
    }
    const baseline = lowerQuartile(samples[0]);
    console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ${rounds} rounds, lower quartile of CPU ms (user + sys)`);
    console.table(
      cases.map(([name], i) => {
        const cpu = lowerQuartile(samples[i]);
        return { command: name, 'cpu ms': Math.round(cpu), 'beyond node ms': Math.round(cpu - baseline), 'x node': +(cpu / baseline).toFixed(2) };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findOnPath(name) {
  for (const folder of (process.env.PATH ?? '').split(':')) {
    const candidate = join(folder, name);
    if (spawnSync('test', ['-x', candidate]).status === 0) return candidate;
  }
  return undefined;
}
