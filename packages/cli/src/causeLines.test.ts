import { describe, expect, it } from 'vitest';
import { causeLines, codeAndMessage } from './causeLines.js';

describe('causeLines', () => {
  it('drops a cause message that repeats its own code, and shows only the code of a cause already said', () => {
    const error = {
      code: 'E_TASK_FAILED',
      message: 'Task pay failed: card declined',
      cause: { code: 'E_CARD', message: 'card declined', cause: { code: 'ENOENT', message: "ENOENT: no such file or directory, open '/x'" } },
    };
    expect(causeLines(error, '  ')).toEqual(['  cause: E_CARD', "  cause: ENOENT: no such file or directory, open '/x'"]);
    expect(codeAndMessage({ code: 'ENOENT', message: 'ENOENT: gone' })).toBe('ENOENT: gone');
  });
});
