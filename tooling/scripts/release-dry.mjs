#!/usr/bin/env node
// `pnpm release:dry`: what a release would publish, without publishing or
// touching this checkout. Copies the workspace (its files as git sees them,
// plus the built dist folders) to a scratch folder, runs `changeset version`
// there (the version bumps and changelogs of the pending changesets), packs
// every public package with pnpm, and checks each tarball's manifest:
// files, exports with types, README, repository, license, no dev-only
// "troupe-source" condition, and source maps whose sources ship; and that no
// package jumps to a new major version unless a changeset asks for one
// (changesets bumps dependents of a peer dependency to a major by itself).
// Run `pnpm build` first (the `release:dry` script does).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const keep = process.argv.includes('--keep');
const scratch = mkdtempSync(join(tmpdir(), 'troupe-release-dry-'));
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const problems = [];
try {
  // Tracked and new files as git sees them (no node_modules, no ignored build output).
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo).split('\0').filter(Boolean);
  for (const file of files) if (existsSync(join(repo, file))) cpSync(join(repo, file), join(scratch, file), { recursive: true });
  const packages = ['packages', 'packs'].flatMap((group) =>
    readdirSync(join(repo, group)).map((name) => posix.join(group, name)).filter((dir) => existsSync(join(repo, dir, 'package.json'))),
  );
  // Build output git ignores (dist, the CLI's and the runtime's bundle, the sdk's one-file ajv): what "files" names.
  for (const dir of packages) {
    const { files = [] } = JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8'));
    for (const entry of files) {
      if (entry.startsWith('!') || entry.includes('*') || !existsSync(join(repo, dir, entry))) continue;
      cpSync(join(repo, dir, entry), join(scratch, dir, entry), { recursive: true });
    }
  }
  // The workspace's own tools, so nothing is fetched: changeset and pnpm's node_modules stay in the checkout.
  const changeset = join(repo, 'node_modules/@changesets/cli/bin.js');
  const currentVersions = new Map(packages.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8'));
    return [manifest.name, manifest.version];
  }));
  const askedMajor = packagesAskedMajor(join(repo, '.changeset'));
  console.log(run(process.execPath, [changeset, 'version'], scratch).trim() || 'changeset version: no pending changesets');

  const tarballs = join(scratch, '.tarballs');
  mkdirSync(tarballs);
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['npx', '-y', 'pnpm@10'];
  // pnpm pack rewrites workspace: ranges from the linked packages: link the bumped ones, from the local store only.
  run(pnpm[0], [...pnpm.slice(1), 'install', '--offline', '--ignore-scripts', '--no-frozen-lockfile', '--config.confirmModulesPurge=false'], scratch);
  for (const dir of packages) {
    const manifest = JSON.parse(readFileSync(join(scratch, dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    if (!existsSync(join(scratch, dir, 'dist'))) problems.push(`${manifest.name}: no dist (run pnpm build)`);
    const before = new Set(readdirSync(tarballs));
    run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], join(scratch, dir));
    const tarball = readdirSync(tarballs).find((file) => !before.has(file));
    const list = run('tar', ['-tzf', join(tarballs, tarball)], scratch).split('\n').filter(Boolean).map((entry) => entry.replace(/^package\//, ''));
    const packed = JSON.parse(run('tar', ['-xzOf', join(tarballs, tarball), 'package/package.json'], scratch));
    problems.push(...checkPackage(packed, list, (entry) => run('tar', ['-xzOf', join(tarballs, tarball), `package/${entry}`], scratch)));
    const was = currentVersions.get(packed.name);
    if (was !== undefined && majorOf(packed.version) > majorOf(was) && !askedMajor.has(packed.name)) {
      problems.push(`${packed.name}: would go from ${was} to ${packed.version}, a new major no changeset asks for (a peer dependency's range it left? widen the range, or add a major changeset)`);
    }
    console.log(`${tarball.padEnd(44)} ${String(list.length).padStart(4)} files  ${packed.version}`);
  }
} finally {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
  else console.log(`kept ${scratch}`);
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('\nrelease:dry ok: every public package packs with files, exports+types, README, repository, license, no troupe-source, maps with their sources');

/** The major of a version: 0.x counts as 0, so 0.1.0 → 1.0.0 is a new major too. */
function majorOf(version) {
  return Number(version.split('.')[0]);
}

/** Names of the packages a pending changeset bumps at major ("name": major in its front matter). */
function packagesAskedMajor(folder) {
  const names = new Set();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(folder, file), 'utf8'))?.[1] ?? '';
    for (const match of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*major\s*$/gm)) names.add(match[1]);
  }
  return names;
}

/** What a published manifest and file list must have. */
function checkPackage(manifest, list, read) {
  const name = manifest.name;
  const found = [];
  const text = JSON.stringify(manifest);
  if (text.includes('troupe-source')) found.push(`${name}: the dev-only "troupe-source" condition is in the published package.json`);
  if (text.includes('workspace:') || text.includes('catalog:')) found.push(`${name}: a workspace: or catalog: range was not rewritten`);
  for (const field of ['files', 'exports', 'repository', 'license']) if (!manifest[field]) found.push(`${name}: no "${field}"`);
  if (!list.includes('README.md')) found.push(`${name}: no README.md in the tarball`);
  // A folder or file "files" names must ship (a build step that did not run leaves a package that fails at import).
  for (const entry of manifest.files ?? []) {
    if (entry.startsWith('!') || entry.includes('*')) continue;
    if (!list.some((file) => file === entry || file.startsWith(`${entry}/`))) found.push(`${name}: "${entry}" is in "files" but not in the tarball (run pnpm build)`);
  }
  const main = manifest.exports?.['.'];
  if (main && typeof main === 'object' && !('types' in main)) found.push(`${name}: exports["."] has no "types"`);
  for (const entry of list.filter((file) => file.endsWith('.map'))) {
    const map = JSON.parse(read(entry));
    for (const source of map.sources ?? []) {
      const resolved = posix.normalize(posix.join(posix.dirname(entry), map.sourceRoot ?? '', source));
      if (!list.includes(resolved)) {
        found.push(`${name}: ${entry} maps ${resolved}, which is not in the tarball`);
        break;
      }
    }
  }
  return found;
}
