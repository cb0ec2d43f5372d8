import type { ErrorInfo, PackReport, StartupReport } from '@troupe/sdk';
import type { ValidationReport } from '@troupe/runtime';
import { causeLines, codeAndMessage } from './causeLines.js';

/** An error as `troupe … --json` prints it: code, message, hint, and the cause chain. */
export interface JsonError {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly cause?: JsonError;
}

export function jsonError(error: ErrorInfo): JsonError {
  return { code: error.code, message: error.message, hint: error.hint ?? '', ...(error.cause ? { cause: jsonError(error.cause) } : {}) };
}

/** The documented `troupe packs --json` shape, nothing more (details stay internal). */
export function startupReportJson(report: StartupReport): object {
  return {
    packs: report.packs.map((pack) => ({
      id: pack.id,
      version: pack.version,
      status: pack.status,
      descriptors: pack.descriptors.map(({ kind, id, priority, active }) => ({ kind, id, priority, active })),
      errors: pack.errors.map(jsonError),
    })),
    ...(report.errors?.length ? { errors: report.errors.map(jsonError) } : {}),
  };
}

export function validationReportJson(report: ValidationReport): object {
  return {
    valid: report.valid,
    packs: report.packs.map((pack) => ({ id: pack.id, version: pack.version, status: pack.status, errors: pack.errors.map(jsonError) })),
    errors: report.errors.map(jsonError),
  };
}

export function startupReportTable(report: StartupReport): string {
  const rows = report.packs.map((pack) => [pack.id, pack.version || '-', pack.status, descriptorList(pack)]);
  const counts = countBy(report.packs.map((pack) => pack.status));
  return [
    ...table(['PACK', 'VERSION', 'STATUS', 'DESCRIPTORS'], rows, report.packs.map((pack) => pack.errors)),
    ...(report.errors ?? []).flatMap(errorLines),
    '',
    `${report.packs.length} pack(s): ${Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ') || 'none configured'}`,
    '',
  ].join('\n');
}

export function validationReportTable(report: ValidationReport): string {
  const rows = report.packs.map((pack) => [pack.id, pack.version || '-', pack.status]);
  const problems = report.errors.length + report.packs.reduce((sum, pack) => sum + pack.errors.length, 0);
  return [
    ...table(['PACK', 'VERSION', 'STATUS'], rows, report.packs.map((pack) => pack.errors)),
    ...report.errors.flatMap(errorLines),
    '',
    report.valid ? `valid: ${report.packs.length} pack(s) checked` : `invalid: ${problems} problem(s)`,
    '',
  ].join('\n');
}

function descriptorList(pack: PackReport): string {
  return pack.descriptors
    .map((d) => {
      const notes = [d.priority !== 0 ? `priority ${d.priority}` : '', d.active ? '' : 'shadowed'].filter(Boolean);
      return `${d.kind}:${d.id}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    })
    .join(', ');
}

/** Aligned columns; each row is followed by its errors, indented. */
function table(header: readonly string[], rows: readonly (readonly string[])[], errors: readonly (readonly ErrorInfo[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), ...rows.flatMap((row, index) => [line(row), ...(errors[index] ?? []).flatMap(errorLines)])];
}

function errorLines(error: ErrorInfo): string[] {
  const lines = [`  ${codeAndMessage(error)}`];
  if (error.hint) lines.push(`    hint: ${error.hint}`);
  lines.push(...causeLines(error, '    '));
  return lines;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
