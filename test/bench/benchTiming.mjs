// What every benchmark here measures with: wall time of one call, and the
// lower quartile of the rounds (robust against other processes on a shared
// machine; unlike the minimum it still pays for garbage collection).

/** Wall time of one (async) call, in µs. */
export async function timeUs(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1000;
}

export function lowerQuartile(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 4)];
}
