import { TroupeError } from '@troupe/sdk';

// npm's rules for new package names, written out here: validate-npm-package-name
// (npm's own checker) needs Node 22 since v8, and this runs on Node 20.19.
const NAME = /^(?:@([a-z0-9][a-z0-9._~-]*)\/)?([a-z0-9][a-z0-9._~-]*)$/;

/** Checks a new package name; throws E_SCAFFOLD_NAME_INVALID saying which rule it breaks. */
export function checkPackName(name: string): { readonly scope: string | undefined; readonly base: string } {
  const invalid = (reason: string): TroupeError => new TroupeError('E_SCAFFOLD_NAME_INVALID', { name, reason });
  if (name.length === 0) throw invalid('it is empty');
  if (name.length > 214) throw invalid('it is longer than 214 characters');
  if (name !== name.toLowerCase()) throw invalid('it has uppercase letters');
  if (name.trim() !== name) throw invalid('it has leading or trailing spaces');
  const match = NAME.exec(name);
  if (!match) throw invalid('only lowercase letters, digits, "-", ".", "_" and "~" are allowed, not first "." or "_", and one optional @scope/');
  const base = match[2]!;
  if (base === 'node_modules' || base === 'favicon.ico') throw invalid(`"${base}" is reserved`);
  return { scope: match[1], base };
}
