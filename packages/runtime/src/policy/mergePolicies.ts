/** Policy tag → ordered guardrail ids. */
export type PolicyMap = Readonly<Record<string, readonly string[]>>;

/**
 * The policies an engine enforces: the default stacks packs ship in their
 * manifests (`troupe.policies`), in load order (a later pack's stack for the
 * same tag wins), with the host config's `policies` over them. A host entry
 * replaces a tag's stack whole; it is not merged with the pack's.
 */
export function mergePolicies(packDefaults: readonly (PolicyMap | undefined)[], hostPolicies: PolicyMap = {}): PolicyMap {
  const merged: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
  for (const defaults of packDefaults) {
    if (!defaults) continue;
    for (const [tag, stack] of Object.entries(defaults)) merged[tag] = Object.freeze([...stack]);
  }
  for (const [tag, stack] of Object.entries(hostPolicies)) merged[tag] = Object.freeze([...stack]);
  return Object.freeze(merged);
}
