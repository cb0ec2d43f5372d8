import { describe, expect, it } from 'vitest';
import { errorWithoutFilePaths, withoutFilePaths } from './withoutFilePaths.js';

describe('withoutFilePaths', () => {
  it('cuts absolute file paths and file URLs to their file name', () => {
    expect(withoutFilePaths("ENOENT: no such file or directory, open '/home/ada/app/troupe.config.json'")).toBe(
      "ENOENT: no such file or directory, open '…/troupe.config.json'",
    );
    expect(withoutFilePaths('Cannot find module file:///srv/app/packs/x/dist/index.js')).toBe('Cannot find module …/index.js');
    expect(withoutFilePaths('C:\\Users\\ada\\troupe.db is locked')).toBe('…/troupe.db is locked');
  });

  it('leaves relative paths, URLs and plain text alone', () => {
    for (const text of ['./packs/x', 'see https://example.com/a/b', 'Task a failed: card declined', 'sqlite:troupe.db']) {
      expect(withoutFilePaths(text)).toBe(text);
    }
  });

  it('covers the message, hint, string details and causes of an error', () => {
    const info = errorWithoutFilePaths({
      code: 'E_STORE_UNAVAILABLE',
      message: 'The store /var/lib/troupe/troupe.db is unavailable',
      hint: 'Check /var/lib/troupe',
      details: { store: '/var/lib/troupe/troupe.db', problems: ['at /var/lib/troupe/x.json'] },
      cause: { code: 'ENOENT', message: "open '/var/lib/troupe/troupe.db'" },
    });
    expect(JSON.stringify(info)).not.toContain('/var/lib');
  });
});
