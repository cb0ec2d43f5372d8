// One cold host start, for host-startup.bench.mjs: imports @troupe/runtime,
// creates a host from the config file given as argument, starts and stops
// it; prints JSON with the CPU and wall milliseconds of each step.
import { performance } from 'node:perf_hooks';

const configPath = process.argv[2];
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const at = () => ({ wall: performance.now(), cpu: cpu() });

const beforeImport = at();
const { createHost } = await import('@troupe/runtime');
const imported = at();
const host = createHost({ configPath });
const report = await host.start();
const started = at();
await host.stop();
const failed = report.packs.filter((pack) => pack.status !== 'active');
if (failed.length > 0) throw new Error(`${failed.length} pack(s) did not load: ${JSON.stringify(failed[0])}`);
const span = (from, to) => ({ wall: to.wall - from.wall, cpu: to.cpu - from.cpu });
console.log(JSON.stringify({ import: span(beforeImport, imported), start: span(imported, started), beforeImport }));
