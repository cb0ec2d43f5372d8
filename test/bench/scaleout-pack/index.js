// The no-op tool of the benchmarks, as a pack the `troupe worker` processes of scaleout.bench.mjs load.
export default { descriptors: [{ kind: 'tool', id: 'noop', payload: { execute: () => null } }] };
