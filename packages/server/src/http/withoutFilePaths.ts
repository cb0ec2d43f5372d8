import type { ErrorInfo } from '@troupe/sdk';

const SEGMENT = `[^\\s'"\`,;()<>/\\\\]+`;
/** `file:///a/b/c.js`, `/a/b/c.db`, `C:\\a\\b.db`: absolute file paths, as errors of Node, SQLite and the store quote them. */
const FILE_PATH = new RegExp(
  [`file://(?:/${SEGMENT})+`, `(?<![\\w.:/-])(?:/${SEGMENT}){2,}`, `\\b[A-Za-z]:(?:\\\\${SEGMENT})+`].join('|'),
  'g',
);

/** The text with every absolute file path cut to `…/<file name>`: where files live on the host is not the client's business. */
export function withoutFilePaths(text: string): string {
  return text.replace(FILE_PATH, (path) => `…/${path.split(/[/\\]/).pop() ?? ''}`);
}

/** An error for the wire: its message, hint, string details and causes without absolute file paths. */
export function errorWithoutFilePaths(info: ErrorInfo, depth = 0): ErrorInfo {
  const details = info.details && Object.fromEntries(Object.entries(info.details).map(([key, value]) => [key, redactValue(value)]));
  return {
    code: info.code,
    message: withoutFilePaths(info.message),
    ...(info.hint !== undefined ? { hint: withoutFilePaths(info.hint) } : {}),
    ...(details ? { details } : {}),
    ...(info.cause && depth < 5 ? { cause: errorWithoutFilePaths(info.cause, depth + 1) } : {}),
  };
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return withoutFilePaths(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? withoutFilePaths(item) : item));
  return value;
}
