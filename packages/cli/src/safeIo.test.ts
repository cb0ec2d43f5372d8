import { describe, expect, it } from 'vitest';
import type { CliIo } from './CliIo.js';
import { addSecretScrubber, safeIo } from './safeIo.js';

function capture(env: Record<string, string> = {}): CliIo & { out: () => string } {
  let out = '';
  return { stdout: { write: (text) => void (out += text), isTTY: true, columns: 42 }, stderr: { write: () => undefined }, cwd: '/x', env, out: () => out };
}

describe('safeIo', () => {
  it('scrubs TROUPE_SECRET_* values and added scrubbers, then escapes controls', () => {
    const raw = capture({ TROUPE_SECRET_TOKEN: 'tok-123456' });
    const io = safeIo(raw);
    addSecretScrubber(io, (text) => text.replaceAll('from-file-9', '[REDACTED]'));
    addSecretScrubber(io, () => {
      throw new Error('a broken scrubber is skipped');
    });
    io.stdout.write('tok-123456 from-file-9 \u001b[2J\n');
    expect(raw.out()).toBe('[REDACTED] [REDACTED] \\u001b[2J\n');
  });

  it('forwards terminal facts and wraps only once', () => {
    const io = safeIo(capture());
    expect(io.stdout.isTTY).toBe(true);
    expect(io.stdout.columns).toBe(42);
    expect(io.cwd).toBe('/x');
    expect(safeIo(io)).toBe(io);
  });
});
