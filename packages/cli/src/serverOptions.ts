import { approveDraft, type RunsApi, type TroupeHost } from '@troupe/runtime';
import type { JsonValue } from '@troupe/sdk';
import type { ServerRunsApi, StartServerOptions } from '@troupe/server';
import { draftsOf } from './draftsDir.js';

/** Where a server's answers come from: the host it serves (packs, config), and the coordinating one for changes (E_NOT_COORDINATOR until there is one). */
export interface ServedHosts {
  readonly serving: () => TroupeHost;
  readonly coordinating: (action: string) => Promise<TroupeHost>;
}

/** What `troupe serve` serves besides runs: triggers, drafts, the startup report, the config's server section. */
export function serverOptions(runs: ServerRunsApi | RunsApi, hosts: ServedHosts): StartServerOptions {
  const serving = hosts.serving();
  return {
    runs,
    report: () => hosts.serving().report(),
    emitEvent: async (name: string, payload: JsonValue | undefined) =>
      (await (await hosts.coordinating('fire events')).emit(name, payload)).flatMap((fire) =>
        fire.outcome === 'started' ? [{ runId: fire.run.runId }] : fire.outcome === 'duplicate' ? [{ runId: fire.runId }] : [],
      ),
    logger: serving.logger,
    approveDraft: async (draftId: string, actor: string) => {
      const host = await hosts.coordinating('approve workflow drafts');
      const { definition } = await approveDraft(host, draftsOf(host.baseDir), draftId, actor);
      return { workflowId: definition.id, version: definition.version };
    },
    ...(serving.config.server ? { config: serving.config.server } : {}),
  };
}
