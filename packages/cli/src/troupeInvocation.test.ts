import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { troupeInvocation } from './troupeInvocation.js';

const root = mkdtempSync(join(tmpdir(), 'troupe-invocation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, '');
  return full;
}

describe('troupeInvocation', () => {
  it('is `npx troupe` for the CLI installed in the host app (or a parent folder) the user is in', () => {
    const bin = file('app/node_modules/@troupe/cli/dist/bin.js');
    expect(troupeInvocation(join(root, 'app'), bin)).toBe('npx troupe');
    mkdirSync(join(root, 'app/sub'), { recursive: true });
    expect(troupeInvocation(join(root, 'app/sub'), bin)).toBe('npx troupe');
  });

  it('is `troupe` for a CLI installed elsewhere (global) or run from a checkout', () => {
    const global = file('global/lib/node_modules/@troupe/cli/dist/bin.js');
    mkdirSync(join(root, 'elsewhere'), { recursive: true });
    expect(troupeInvocation(join(root, 'elsewhere'), global)).toBe('troupe');
    expect(troupeInvocation(join(root, 'elsewhere'), file('checkout/packages/cli/dist/bin.js'))).toBe('troupe');
    expect(troupeInvocation(root, undefined)).toBe('troupe');
  });
});
