import { isTroupeError, type ErrorInfo } from '@troupe/sdk';

/** An error as the user can act on it: its stable code, what happened, and the hint. */
export function ErrorBox({ error, title }: { error: ErrorInfo | unknown; title?: string }) {
  const info = errorInfoOf(error);
  return (
    <div class="error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      <code class="code">{info.code}</code> {info.message}
      {info.hint ? <div class="hint">{info.hint}</div> : null}
    </div>
  );
}

export function errorInfoOf(error: unknown): { code: string; message: string; hint?: string } {
  if (isTroupeError(error)) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  if (typeof error === 'object' && error !== null && typeof (error as ErrorInfo).code === 'string') {
    const info = error as ErrorInfo;
    return { code: info.code, message: String(info.message ?? ''), ...(info.hint ? { hint: info.hint } : {}) };
  }
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
