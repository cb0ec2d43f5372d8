import type { RunsApi } from '@troupe/runtime';

/**
 * The part of the engine's RunsApi the server uses: `wait` is left out, so a
 * remote engine or a test double only has to provide what is served.
 */
export type ServerRunsApi = Omit<RunsApi, 'wait'>;
