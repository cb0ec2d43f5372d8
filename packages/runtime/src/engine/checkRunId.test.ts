import { describe, expect, it } from 'vitest';
import { checkRunId } from './checkRunId.js';

describe('checkRunId', () => {
  it.each(['r1', 'order-42', 'evt:notify:tags:delivery-7', 'trg:w:t:1700000000000', 'a/b:c+d=e.f_g@h', '9'.repeat(200)])('accepts %s', (id) => {
    expect(() => checkRunId(id)).not.toThrow();
  });

  it.each(['', ' lead', 'has space', 'tab\there', 'esc\u001b[2J', '"q"', "it's", 'a;rm', '$(x)', '-flag', '.hidden', 'ünï', '9'.repeat(201)])('refuses %j with E_RUN_ID_INVALID', (id) => {
    expect(() => checkRunId(id)).toThrow(expect.objectContaining({ code: 'E_RUN_ID_INVALID' }));
  });

  it('shows a refused id JSON-quoted, so its control characters are visible', () => {
    expect(() => checkRunId('a\u001bb')).toThrow('The run id "a\\u001bb" is not allowed');
  });
});
