import { describe, expect, it } from 'vitest';
import type { StartupReport } from '@troupe/sdk';
import { startupReportJson, startupReportTable } from './formatReports.js';

const report: StartupReport = {
  packs: [
    {
      id: '@acme/a',
      version: '1.0.0',
      status: 'active',
      source: '/somewhere',
      descriptors: [
        { kind: 'tool', id: 'x', priority: 0, active: true },
        { kind: 'tool', id: 'y', priority: 2, active: false },
      ],
      errors: [],
    },
    {
      id: '@acme/b',
      version: '',
      status: 'failed',
      descriptors: [],
      errors: [{ code: 'E_PACK_DEPENDENCY_FAILED', message: 'm', hint: 'h', details: { pack: '@acme/b' }, cause: { code: 'E_X', message: 'inner' } }],
    },
  ],
};

describe('report formatting', () => {
  it('keeps --json to the documented fields', () => {
    expect(startupReportJson(report)).toEqual({
      packs: [
        { id: '@acme/a', version: '1.0.0', status: 'active', descriptors: report.packs[0]!.descriptors, errors: [] },
        { id: '@acme/b', version: '', status: 'failed', descriptors: [], errors: [{ code: 'E_PACK_DEPENDENCY_FAILED', message: 'm', hint: 'h', cause: { code: 'E_X', message: 'inner', hint: '' } }] },
      ],
    });
  });

  it('prints an aligned table with errors, hints and causes under their pack', () => {
    expect(startupReportTable(report)).toBe(
      [
        'PACK     VERSION  STATUS  DESCRIPTORS',
        '@acme/a  1.0.0    active  tool:x, tool:y (priority 2, shadowed)',
        '@acme/b  -        failed',
        '  E_PACK_DEPENDENCY_FAILED: m',
        '    hint: h',
        '    cause: E_X: inner',
        '',
        '2 pack(s): 1 active, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('flags a descriptor that overrides another pack\'s, and names who shadows one', () => {
    const overriding: StartupReport = {
      packs: [
        { id: 'base', version: '1.0.0', status: 'active', descriptors: [{ kind: 'tool', id: 'pay', priority: 0, active: false, shadowedBy: 'evil' }], errors: [] },
        { id: 'evil', version: '1.0.0', status: 'active', descriptors: [{ kind: 'tool', id: 'pay', priority: 9, active: true, overrides: ['base'] }], errors: [] },
      ],
    };
    const table = startupReportTable(overriding);
    expect(table).toContain('base  1.0.0    active  tool:pay (shadowed by evil)');
    expect(table).toContain('evil  1.0.0    active  tool:pay (priority 9, OVERRIDES base)');
    expect(startupReportJson(overriding)).toMatchObject({ packs: [{ descriptors: [{ shadowedBy: 'evil' }] }, { descriptors: [{ overrides: ['base'] }] }] });
  });
});
