// Start-up of a host with 50 local packs (generatedPacks.mjs: each with
// tools, workflows, a persona, a provider, a guardrail and an options
// schema), on the memory store and on SQLite:
// - cold: a fresh process imports @troupe/runtime, creates the host from a
//   config file and starts it (hostStartupChild.mjs); next to `node -e 0`
//   (Node's own start) measured in the same rounds; and a first start, whose
//   compiled-schema store is empty (a fresh TROUPE_SCHEMA_CACHE folder);
// - warm: in this process, createHost + start again and again (the pack
//   modules are cached after the first round), next to a host with no packs.
// Prints lower quartiles of CPU ms (user + sys) and wall ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost } from '@troupe/runtime';
import { lowerQuartile, spawnCpuMs, spawnWithCpu } from './childCpu.mjs';
import { writeGeneratedPacks } from './generatedPacks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PACKS = 50;
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);

export default async function hostStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-host-startup-bench-'));
  try {
    const folders = writeGeneratedPacks(join(dir, 'packs'), PACKS);
    const packs = folders.map((use) => ({ use, options: { greeting: 'hi' } }));
    const config = (name, body) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(body));
      return file;
    };
    const configs = {
      memory: config('memory', { packs, store: 'memory' }),
      sqlite: config('sqlite', { packs, store: `sqlite:${join(dir, 'troupe.db')}` }),
      empty: config('empty', { packs: [], store: 'memory' }),
    };

    console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ${PACKS} packs, ${rounds} rounds, lower quartiles`);
    cold(configs, dir);
    await warm(configs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cold(configs, dir) {
  const child = join(here, 'hostStartupChild.mjs');
  const node = [];
  const runs = { memory: [], sqlite: [], 'memory, first start': [] };
  for (let round = 0; round < rounds + 1; round++) {
    node.push(spawnCpuMs(['node', '-e', '0']));
    for (const store of ['memory', 'sqlite']) {
      const { stdout, cpuMs } = spawnWithCpu(['node', child, configs[store]]);
      runs[store].push({ ...JSON.parse(stdout), process: cpuMs });
    }
    // A host's very first start: nothing in the compiled-schema store yet, so every pack's options schema is compiled.
    const { stdout, cpuMs } = spawnWithCpu(['node', child, configs.memory], { env: { TROUPE_SCHEMA_CACHE: mkdtempSync(join(dir, 'schemas-')) } });
    runs['memory, first start'].push({ ...JSON.parse(stdout), process: cpuMs });
  }
  // The first round warms the file cache and creates the SQLite file.
  const baseline = lowerQuartile(node.slice(1));
  console.log('cold process: CPU ms of the whole process and of its steps; wall ms of createHost + start');
  console.table(
    Object.entries(runs).map(([store, samples]) => {
      const measured = samples.slice(1);
      const q = (pick) => Math.round(lowerQuartile(measured.map(pick)));
      const whole = q((s) => s.process);
      return {
        store,
        'process cpu': whole,
        'node -e 0 cpu': Math.round(baseline),
        'x node': +(whole / baseline).toFixed(2),
        'import runtime cpu': q((s) => s.import.cpu),
        'createHost+start cpu': q((s) => s.start.cpu),
        'createHost+start wall': q((s) => s.start.wall),
      };
    }),
  );
}

async function warm(configs) {
  const samples = { empty: [], memory: [], sqlite: [] };
  for (let round = 0; round < rounds + 2; round++) {
    for (const [name, configPath] of Object.entries(configs).sort()) {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      const wall = process.hrtime.bigint();
      const host = createHost({ configPath });
      await host.start();
      const spent = process.cpuUsage(cpu);
      const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
      await host.stop();
      // The first rounds import the pack modules and warm the JIT.
      if (round >= 2) samples[name].push({ cpu: (spent.user + spent.system) / 1000, wall: wallMs });
    }
  }
  const base = lowerQuartile(samples.empty.map((s) => s.cpu));
  console.log('warm (same process, pack modules cached): createHost + start');
  console.table(
    Object.entries(samples).map(([name, measured]) => {
      const cpu = lowerQuartile(measured.map((s) => s.cpu));
      return {
        host: name === 'empty' ? 'no packs (baseline)' : `${PACKS} packs, ${name}`,
        'cpu ms': +cpu.toFixed(1),
        'wall ms': +lowerQuartile(measured.map((s) => s.wall)).toFixed(1),
        'x no packs': +(cpu / base).toFixed(1),
        'cpu ms per pack': name === 'empty' ? '-' : +((cpu - base) / PACKS).toFixed(2),
      };
    }),
  );
}
