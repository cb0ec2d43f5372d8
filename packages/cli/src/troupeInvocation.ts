import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * How the user runs this CLI, for the commands it prints: `npx troupe` when
 * this file lives in the node_modules of the working folder or one of its
 * parents (a host app's own install), else `troupe` (a global install, or
 * the workspace's dist).
 */
export function troupeInvocation(cwd: string, script: string | undefined = process.argv[1]): string {
  if (script === undefined) return 'troupe';
  let file: string;
  try {
    file = realpathSync(script);
  } catch {
    return 'troupe';
  }
  const marker = `${sep}node_modules${sep}`;
  // The first node_modules: with pnpm's layout the package sits in nested ones.
  const at = file.indexOf(marker);
  if (at < 0) return 'troupe';
  const project = file.slice(0, at);
  const fromProject = relative(project, cwd);
  const inside = fromProject === '' || (!fromProject.startsWith('..') && !isAbsolute(fromProject));
  return inside ? 'npx troupe' : 'troupe';
}
