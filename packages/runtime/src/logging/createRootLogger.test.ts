import { describe, expect, it } from 'vitest';
import { HostSecrets } from '../secrets/HostSecrets.js';
import { createRootLogger } from './createRootLogger.js';

function capture(level: 'info' | 'silent' = 'info') {
  const lines: string[] = [];
  const secrets = new HostSecrets({ values: { key: 'k3y-VALUE-42' }, env: {} });
  const logger = createRootLogger({ level, destination: { write: (line: string) => void lines.push(line) }, scrub: (text) => secrets.scrub(text) });
  return { logger, output: () => lines.join('') };
}

describe('createRootLogger', () => {
  it('keeps known secret values out of messages, fields, child bindings and errors', () => {
    const { logger, output } = capture();
    logger.info({ apiKey: 'not-known-but-named', anything: 'k3y-VALUE-42' }, 'value is %s', 'k3y-VALUE-42');
    logger.child({ bound: 'k3y-VALUE-42' }).warn('from a child');
    logger.error(new Error('boom k3y-VALUE-42'));
    logger.error({ err: new Error('nested k3y-VALUE-42') }, 'nested');

    const text = output();
    expect(text).not.toContain('k3y-VALUE-42');
    expect(text).not.toContain('not-known-but-named');
    expect(text).toContain('value is [REDACTED]');
    expect(text).toContain('"bound":"[REDACTED]"');
    expect(text).toContain('"msg":"boom [REDACTED]"');
    expect(text).toContain('"type":"Error"');
  });

  it('writes nothing at level silent', () => {
    const { logger, output } = capture('silent');
    logger.error('nothing');
    expect(output()).toBe('');
  });

  it('leaves stack traces out when stacks is false (the CLI, unless TROUPE_DEBUG=1)', () => {
    const lines: string[] = [];
    const logger = createRootLogger({ level: 'info', stacks: false, destination: { write: (line: string) => void lines.push(line) }, scrub: (text) => text });
    logger.error({ err: new Error('store broke', { cause: new Error('disk full') }) }, 'the store refused a commit');
    const entry = JSON.parse(lines.join('')) as { err: Record<string, unknown> };
    expect(entry.err).toMatchObject({ type: 'Error', message: expect.stringContaining('store broke') });
    expect(lines.join('')).not.toContain('"stack"');
    expect(lines.join('')).not.toMatch(/\bat .*:\d+:\d+/);
  });
});
