import { TroupeError, type AnyDescriptor, type PackManifest } from '@troupe/sdk';

const OWNER_NAMES = { tool: 'Tool', code: 'Code function', provider: 'Provider' } as const;

/**
 * A pack receives only the secrets its own manifest declares: every
 * `requiredSecrets` of its tools, code functions and providers must be in
 * the manifest's `secrets`, so no executor can ask the host for another
 * pack's secret (or one nobody declared). One E_SECRET_UNDECLARED per
 * executor that asks for more.
 */
export function checkDeclaredSecrets(pack: string, manifest: Pick<PackManifest, 'secrets'> | undefined, descriptors: readonly AnyDescriptor[]): TroupeError[] {
  const declared = new Set((manifest?.secrets ?? []).map((secret) => secret.id));
  const errors: TroupeError[] = [];
  for (const descriptor of descriptors) {
    if (descriptor.kind !== 'tool' && descriptor.kind !== 'code' && descriptor.kind !== 'provider') continue;
    const required: unknown = (descriptor.payload as { requiredSecrets?: unknown }).requiredSecrets;
    if (required === undefined) continue;
    const ids = Array.isArray(required) ? required.map((id) => (typeof id === 'string' ? id : String(id))) : [String(required)];
    const undeclared = [...new Set(ids.filter((id) => !declared.has(id)))];
    if (undeclared.length > 0) errors.push(new TroupeError('E_SECRET_UNDECLARED', { owner: `${OWNER_NAMES[descriptor.kind]} ${descriptor.id}`, pack, undeclared }));
  }
  return errors;
}
