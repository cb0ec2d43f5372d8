import major from 'semver/functions/major.js';
import validVersion from 'semver/functions/valid.js';
import { packManifestSchema, PACK_API_VERSION, TroupeError, type InlinePack, type PackManifest } from '@troupe/sdk';
import { builtinSchemas } from '../config/SchemaChecker.js';
import type { PackageJson } from './locatePack.js';

export interface PackIdentity {
  readonly id: string;
  readonly version: string;
  readonly manifest: PackManifest;
}

/** Id, version and `troupe` manifest of a package.json; every problem is collected (E_PACK_MANIFEST_INVALID). */
export function readPackManifest(use: string, packageJson: PackageJson): PackIdentity {
  const problems: string[] = [];
  const id = typeof packageJson.name === 'string' && packageJson.name !== '' ? packageJson.name : undefined;
  if (id === undefined) problems.push('package.json: "name" is missing');
  const version = typeof packageJson.version === 'string' ? validVersion(packageJson.version) : null;
  if (version === null) problems.push('package.json: "version" is not a semver version');
  if (packageJson.troupe === undefined) problems.push('package.json: no "troupe" field (is this a Troupe pack?)');
  else problems.push(...builtinSchemas.check(packManifestSchema, packageJson.troupe, 'troupe'));
  if (problems.length > 0) throw new TroupeError('E_PACK_MANIFEST_INVALID', { pack: id ?? use, problems });
  return { id: id as string, version: version as string, manifest: packageJson.troupe as PackManifest };
}

/** The same checks for a pack registered in code; its manifest defaults to this runtime's pack API major. */
export function readInlineManifest(pack: InlinePack): PackIdentity {
  const manifest = { manifestVersion: 1, engine: `^${major(PACK_API_VERSION)}.0.0`, ...pack.manifest } as PackManifest;
  return readPackManifest(String(pack.id), { name: pack.id, version: pack.version, troupe: manifest });
}
