import { ERROR_CODES } from './codes.js';

/** Renders docs/errors.md from the error table (run `pnpm docs:errors`). */
export function renderErrorDocs(): string {
  const lines = [
    '# Troupe error codes',
    '',
    '<!-- Generated from packages/sdk/src/errors/codes.ts by `pnpm docs:errors`. Do not edit by hand. -->',
    '',
    'Every error Troupe raises on purpose carries one of these codes, a message and a hint.',
    'Placeholders such as `{pack}` are filled with the details of the actual error.',
    '',
  ];
  const byArea = new Map<string, string[]>();
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    const rows = byArea.get(spec.area) ?? [];
    rows.push(`| \`${code}\` | ${escape(spec.message)} | ${escape(spec.hint)} |`);
    byArea.set(spec.area, rows);
  }
  for (const [area, rows] of byArea) {
    lines.push(`## ${area}`, '', '| code | message | what to do |', '| --- | --- | --- |', ...rows, '');
  }
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
