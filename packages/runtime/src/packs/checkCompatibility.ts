import intersects from 'semver/ranges/intersects.js';
import minVersion from 'semver/ranges/min-version.js';
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { PACK_API_VERSION, TroupeError } from '@troupe/sdk';

/** True when every version the range accepts has the same major (`^1.2.0`, `1.x`; not `>=1`, `*`). */
export function pinsOneMajor(range: string): boolean {
  const min = minVersion(range);
  return min !== null && !intersects(range, `>=${min.major + 1}.0.0`);
}

/** The manifest's `engine` against this runtime's pack API (E_PACK_ENGINE_MISMATCH). */
export function checkEngine(pack: string, engine: string, apiVersion = PACK_API_VERSION): void {
  if (validRange(engine) === null || !pinsOneMajor(engine)) {
    throw new TroupeError(
      'E_PACK_ENGINE_MISMATCH',
      { pack, engine, apiVersion },
      { message: `Pack ${pack} declares engine "${engine}", which does not pin one major version of the pack API` },
    );
  }
  if (!satisfies(apiVersion, engine, { includePrerelease: true })) throw new TroupeError('E_PACK_ENGINE_MISMATCH', { pack, engine, apiVersion });
}

/** The config entry's `version` range against the installed version (E_PACK_VERSION_MISMATCH). */
export function checkInstalledVersion(pack: string, version: string, range: string | undefined): void {
  if (range !== undefined && !satisfies(version, range, { includePrerelease: true })) {
    throw new TroupeError('E_PACK_VERSION_MISMATCH', { pack, version, range });
  }
}

export function satisfiesRange(version: string, range: string): boolean {
  return satisfies(version, range, { includePrerelease: true });
}
