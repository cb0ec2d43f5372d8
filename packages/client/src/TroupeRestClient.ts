import { TroupeError, type HumanAnswer, type JsonValue, type RunEvent, type TaskUpdate } from '@troupe/sdk';
import { remoteError } from './remoteError.js';
import type {
  DefinitionsResponse,
  EmitEventResponse,
  ErrorResponse,
  EventsResponse,
  HealthResponse,
  ListRunsQuery,
  PacksResponse,
  RunListResponse,
  RunDefinitionResponse,
  RunResponse,
  StartRunRequest,
  TaskInputResponse,
  WhoAmIResponse,
} from './restTypes.js';

export type FetchFunction = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}>;

export interface RestClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:7373`. */
  readonly url: string;
  readonly token?: string;
  /** Defaults to the global fetch (Node 18+ and browsers). */
  readonly fetch?: FetchFunction;
}

/**
 * Typed helpers for every REST route. Errors reject with a TroupeError carrying
 * the server's code, message and hint (`details.status` is the HTTP status).
 */
export class TroupeRestClient {
  private readonly baseUrl: string;
  private readonly fetchFn: FetchFunction;

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    const globalFetch = globalThis.fetch as unknown as FetchFunction | undefined;
    // Browsers throw "Illegal invocation" when fetch is called as a method of another object: bind it to the global.
    const fetchFn = options.fetch ?? globalFetch?.bind(globalThis);
    if (!fetchFn) throw new TypeError('No fetch available: pass options.fetch');
    this.fetchFn = fetchFn;
  }

  health(): Promise<HealthResponse> {
    return this.request('GET', '/healthz');
  }

  /** Prometheus text. */
  metrics(): Promise<string> {
    return this.request('GET', '/metrics', undefined, 'text');
  }

  whoami(): Promise<WhoAmIResponse> {
    return this.request('GET', '/v1/whoami');
  }

  packs(): Promise<PacksResponse> {
    return this.request('GET', '/v1/packs');
  }

  async definitions(): Promise<DefinitionsResponse['definitions']> {
    return (await this.request<DefinitionsResponse>('GET', '/v1/workflows/definitions')).definitions;
  }

  async startRun(request: StartRunRequest): Promise<RunResponse['run']> {
    return (await this.request<RunResponse>('POST', '/v1/workflows/start', request)).run;
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunListResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const search = params.toString();
    return this.request('GET', `/v1/runs${search ? `?${search}` : ''}`);
  }

  async getRun(runId: string): Promise<RunResponse['run']> {
    return (await this.request<RunResponse>('GET', `/v1/runs/${encodeURIComponent(runId)}`)).run;
  }

  /** The workflow definition the run was started with (it may differ from the one registered now). */
  async runDefinition(runId: string): Promise<RunDefinitionResponse['definition']> {
    return (await this.request<RunDefinitionResponse>('GET', `/v1/runs/${encodeURIComponent(runId)}/definition`)).definition;
  }

  /** One page of events after `since`. */
  readEvents(runId: string, options: { readonly since?: number; readonly limit?: number } = {}): Promise<EventsResponse> {
    const params = new URLSearchParams();
    if (options.since !== undefined) params.set('since', String(options.since));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const search = params.toString();
    return this.request('GET', `/v1/runs/${encodeURIComponent(runId)}/events${search ? `?${search}` : ''}`);
  }

  /** Every event after `since`, page by page. */
  async *allEvents(runId: string, since = 0): AsyncGenerator<RunEvent> {
    let after = since;
    for (;;) {
      const page = await this.readEvents(runId, { since: after });
      yield* page.events;
      if (page.nextSince === undefined) return;
      after = page.nextSince;
    }
  }

  /**
   * A task's input, rebuilt by the server from the run's definition, its input and the upstream
   * outputs (secrets already redacted); `instance` picks an element of a forEach or a round of a loop.
   */
  taskInput(runId: string, taskId: string, options: { readonly instance?: number } = {}): Promise<TaskInputResponse> {
    const search = options.instance !== undefined ? `?instance=${options.instance}` : '';
    return this.request('GET', `/v1/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/input${search}`);
  }

  async updateTasks(runId: string, updates: readonly TaskUpdate[]): Promise<RunResponse['run']> {
    return (await this.request<RunResponse>('POST', `/v1/runs/${encodeURIComponent(runId)}/tasks`, { updates })).run;
  }

  async answer(runId: string, taskId: string, answer: HumanAnswer): Promise<RunResponse['run']> {
    return (await this.request<RunResponse>('POST', `/v1/runs/${encodeURIComponent(runId)}/tasks/${encodeURIComponent(taskId)}/answer`, answer)).run;
  }

  async cancel(runId: string, reason?: string): Promise<RunResponse['run']> {
    return (await this.request<RunResponse>('POST', `/v1/runs/${encodeURIComponent(runId)}/cancel`, reason === undefined ? {} : { reason })).run;
  }

  emitEvent(name: string, payload?: JsonValue): Promise<EmitEventResponse> {
    return this.request('POST', `/v1/events/${encodeURIComponent(name)}`, payload);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, as: 'json' | 'text' = 'json'): Promise<T> {
    const headers: Record<string, string> = { accept: as === 'json' ? 'application/json' : 'text/plain' };
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await this.fetchFn(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new TroupeError('E_CLIENT_DISCONNECTED', { url: this.baseUrl, reason: (error as Error).message }, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed: Partial<ErrorResponse> | undefined;
      try {
        parsed = JSON.parse(text) as Partial<ErrorResponse>;
      } catch {
        parsed = undefined;
      }
      const info = parsed?.error ?? { code: 'E_INTERNAL', message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
      throw remoteError(info, response.status);
    }
    if (as === 'text') return text as T;
    return JSON.parse(text) as T;
  }
}
