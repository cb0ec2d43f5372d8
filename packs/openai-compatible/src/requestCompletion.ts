import { TroupeError } from '@troupe/sdk';
import { readCompletionJson, readCompletionStream } from './readCompletion.js';
import type { CompletionTurn } from './wire.js';

/** What the HTTP layer needs; tests replace `sleep` and `random` to check backoff without waiting. */
export interface HttpDeps {
  readonly fetch: typeof fetch;
  /** Waits `ms`, or rejects with the signal's reason when it fires first. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

export interface CompletionCall {
  readonly url: string;
  readonly apiKey: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
  readonly stream: boolean;
  /** The task's signal: timeout, cancel, budget. */
  readonly signal: AbortSignal;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly maxRetryDelayMs: number;
  emit(text: string): void;
}

/** Longest error body kept in a message. */
const REASON_LIMIT = 500;

/**
 * One chat completion over HTTP. 429, 5xx and network failures are retried
 * with exponential backoff (equal jitter), waiting at least what a
 * `Retry-After` header asks; every other failure has its own code: 401/403
 * E_PROVIDER_AUTH, other 4xx E_PROVIDER_BAD_REQUEST, no answer within
 * `requestTimeoutMs` (to the first byte, then between chunks)
 * E_PROVIDER_TIMEOUT. The task's signal aborts the request at once and its
 * reason is what is thrown.
 */
export async function requestCompletion(call: CompletionCall, deps: HttpDeps): Promise<CompletionTurn> {
  const { url } = call;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: call.stream ? 'text/event-stream' : 'application/json' };
  if (call.apiKey !== undefined) headers.authorization = `Bearer ${call.apiKey}`;
  const payload = JSON.stringify(call.body);
  for (let attempt = 1; ; attempt++) {
    call.signal.throwIfAborted();
    const local = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        local.abort(new TroupeError('E_PROVIDER_TIMEOUT', { url, timeoutMs: call.requestTimeoutMs }));
      }, call.requestTimeoutMs);
    };
    const abortError = (): unknown => (call.signal.aborted ? call.signal.reason : timedOut ? local.signal.reason : undefined);
    const signal = AbortSignal.any([call.signal, local.signal]);
    arm();
    let retry: Retry | undefined;
    try {
      let response: Response | undefined;
      try {
        response = await deps.fetch(url, { method: 'POST', headers, body: payload, signal });
      } catch (error) {
        const aborted = abortError();
        if (aborted !== undefined) throw aborted;
        retry = { reason: networkReason(error), code: 'E_PROVIDER_UNAVAILABLE' };
      }
      if (response !== undefined) {
        if (response.ok) {
          if (call.stream && response.body && (response.headers.get('content-type') ?? '').includes('text/event-stream')) {
            return await readCompletionStream(response.body, { url, emit: call.emit, onActivity: arm, abortError });
          }
          let text: string;
          try {
            text = await response.text();
          } catch (error) {
            throw abortError() ?? new TroupeError('E_PROVIDER_STREAM_MALFORMED', { url, reason: 'the connection broke while reading the reply' }, { cause: error });
          }
          return readCompletionJson(text, url, call.emit);
        }
        const reason = await errorReason(response);
        const status = response.status;
        if (status === 401 || status === 403) throw new TroupeError('E_PROVIDER_AUTH', { url, status, reason });
        if (status === 429) retry = { reason, code: 'E_PROVIDER_RATE_LIMITED', ...retryAfterOf(response) };
        else if (status >= 500 || status === 408) retry = { reason: `HTTP ${status}: ${reason}`, code: 'E_PROVIDER_UNAVAILABLE', ...retryAfterOf(response) };
        else throw new TroupeError('E_PROVIDER_BAD_REQUEST', { url, status, reason });
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (retry === undefined) throw new TroupeError('E_INTERNAL', { reason: 'a failed model request has no retry reason' });
    const failed: Retry = retry;
    const giveUp = (): TroupeError => new TroupeError(failed.code, { url, attempts: attempt, reason: failed.reason, ...(failed.retryAfterMs !== undefined ? { retryAfterMs: failed.retryAfterMs } : {}) });
    if (attempt > call.maxRetries) throw giveUp();
    const backoff = Math.min(call.maxRetryDelayMs, call.retryBaseDelayMs * 2 ** (attempt - 1));
    const jittered = backoff / 2 + deps.random() * (backoff / 2);
    // The endpoint said when to come back: not sooner; if that is too far off, fail now with its answer.
    if (failed.retryAfterMs !== undefined && failed.retryAfterMs > call.maxRetryDelayMs) throw giveUp();
    await deps.sleep(Math.round(Math.max(jittered, failed.retryAfterMs ?? 0)), call.signal);
  }
}

/** Why a request is tried again, and the code it fails with when the retries run out. */
interface Retry {
  readonly reason: string;
  readonly code: 'E_PROVIDER_RATE_LIMITED' | 'E_PROVIDER_UNAVAILABLE';
  readonly retryAfterMs?: number;
}

/** `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date). */
function retryAfterOf(response: Response): { retryAfterMs?: number } {
  const ms = Number(response.headers.get('retry-after-ms'));
  if (response.headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return { retryAfterMs: ms };
  const value = response.headers.get('retry-after');
  if (value === null) return {};
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  const date = Date.parse(value);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - Date.now()) };
}

/** The endpoint's own error message (`{ error: { message } }`), else the start of the body. */
async function errorReason(response: Response): Promise<string> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return `HTTP ${response.status}`;
  }
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof message === 'string' && message.length > 0) return message.slice(0, REASON_LIMIT);
  } catch {
    // not JSON: the text itself
  }
  return (text.trim() || `HTTP ${response.status}`).slice(0, REASON_LIMIT);
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Real waiting, ended early by the signal. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
