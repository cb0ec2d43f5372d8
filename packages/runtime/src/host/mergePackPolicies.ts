import type { HostConfig, PackManifest } from '@troupe/sdk';

type PolicyDefaults = Pick<PackManifest, 'policies'>;

/** Policy tag → ordered guardrail ids. */
export type PolicyTable = Readonly<Record<string, readonly string[]>>;

/**
 * The policy table the engine enforces: each active pack's manifest
 * `policies` (its defaults for its own tags; a pack activated later, which may
 * require the earlier ones, wins a tag they share), then the host config's
 * `policies` over them, tag by tag.
 */
export function mergePackPolicies(manifests: readonly (PolicyDefaults | undefined)[], configured: HostConfig['policies'] = {}): PolicyTable {
  const merged: Record<string, readonly string[]> = {};
  for (const manifest of manifests) {
    for (const [tag, guardrails] of Object.entries(manifest?.policies ?? {})) merged[tag] = guardrails;
  }
  for (const [tag, guardrails] of Object.entries(configured)) merged[tag] = guardrails;
  return merged;
}
