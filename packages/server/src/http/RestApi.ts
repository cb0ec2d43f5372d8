import type { IncomingMessage, ServerResponse } from 'node:http';
import { TroupeError, type HumanAnswer, type JsonValue, type Logger, type StartupReport, type TaskUpdate } from '@troupe/sdk';
import {
  answerRequestSchema,
  cancelRunRequestSchema,
  eventsQuerySchema,
  listRunsQuerySchema,
  startRunRequestSchema,
  taskInputQuerySchema,
  taskUpdatesRequestSchema,
  type CancelRunRequest,
  type EventsResponse,
  type ListRunsQuery,
  type StartRunRequest,
  type TaskInputResponse,
} from '@troupe/client';
import type { Principal } from '../auth/Principal.js';
import type { ApproveDraft } from '../ApproveDraft.js';
import type { ServerMetrics, MetricGauges } from '../metrics/ServerMetrics.js';
import type { RunActions } from '../RunActions.js';
import { schemaValidator, type SchemaValidator } from '../validation/SchemaValidator.js';
import { errorBody, readJsonBody, sendError, sendJson, sendText } from './HttpExchange.js';

/** One request as a route handler sees it. */
interface RouteContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Undefined only on routes that need no token. */
  readonly principal: Principal;
}

interface Route {
  readonly method: 'GET' | 'POST';
  /** e.g. `/v1/runs/:id/events`; also the `route` label of the request metric. */
  readonly path: string;
  readonly segments: readonly string[];
  /** False for /healthz: load balancers probe it without a token. */
  readonly authenticated: boolean;
  readonly handle: (context: RouteContext) => Promise<void> | void;
}

export interface RestApiDependencies {
  readonly actions: RunActions;
  readonly report: () => StartupReport;
  readonly metrics: ServerMetrics;
  readonly gauges: () => Promise<MetricGauges>;
  readonly authenticate: (request: IncomingMessage) => Principal;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly startedAt: number;
  readonly approveDraft?: ApproveDraft;
}

const EVENTS_PAGE_DEFAULT = 1000;

/**
 * The REST API on node:http: a dozen fixed routes do not need a framework.
 * Bodies and queries are checked by ajv validators compiled once; every error
 * is `{ error: { code, message, hint } }` with a fitting status.
 */
export class RestApi {
  private readonly routes: Route[] = [];
  private readonly checkStart: SchemaValidator = schemaValidator(startRunRequestSchema);
  private readonly checkTaskUpdates: SchemaValidator = schemaValidator(taskUpdatesRequestSchema);
  private readonly checkCancel: SchemaValidator = schemaValidator(cancelRunRequestSchema);
  private readonly checkAnswer: SchemaValidator = schemaValidator(answerRequestSchema);
  private readonly checkListRuns: SchemaValidator = schemaValidator(listRunsQuerySchema);
  private readonly checkEventsQuery: SchemaValidator = schemaValidator(eventsQuerySchema);
  private readonly checkTaskInputQuery: SchemaValidator = schemaValidator(taskInputQuerySchema);

  constructor(private readonly deps: RestApiDependencies) {
    const { actions } = deps;
    this.route('GET', '/healthz', false, ({ response }) => {
      // 503 while the engine cannot write (disk full, damaged store), so a supervisor can act.
      const health = actions.health();
      if (!health.ok) {
        sendJson(response, 503, { status: 'unhealthy', uptimeMs: Date.now() - deps.startedAt, error: errorBody(health.error) });
        return;
      }
      sendJson(response, 200, { status: 'ok', uptimeMs: Date.now() - deps.startedAt });
    });
    this.route('GET', '/metrics', true, async ({ response, principal }) => {
      principal.require('read', 'read metrics');
      sendText(response, 200, 'text/plain; version=0.0.4; charset=utf-8', deps.metrics.render(await deps.gauges()));
    });
    this.route('GET', '/v1/whoami', true, ({ response, principal }) => {
      sendJson(response, 200, principal.toInfo());
    });
    this.route('GET', '/v1/packs', true, ({ response, principal }) => {
      principal.require('read', 'read the startup report');
      sendJson(response, 200, deps.report());
    });
    this.route('GET', '/v1/workflows/definitions', true, ({ response, principal }) => {
      sendJson(response, 200, { definitions: actions.listDefinitions(principal) });
    });
    this.route('POST', '/v1/workflows/start', true, async ({ request, response, principal }) => {
      principal.require('start', 'start runs');
      const body = this.checked<StartRunRequest>(this.checkStart, await this.body(request));
      sendJson(response, 201, { run: await actions.start(principal, body) });
    });
    this.route('GET', '/v1/runs', true, async ({ response, principal, query }) => {
      const filter = this.checked<ListRunsQuery>(this.checkListRuns, parseQuery(query, { list: ['status'], integer: ['limit'] }));
      sendJson(response, 200, await actions.listRuns(principal, filter));
    });
    this.route('GET', '/v1/runs/:id', true, async ({ response, principal, params }) => {
      sendJson(response, 200, { run: await actions.getRun(principal, params.id!) });
    });
    this.route('GET', '/v1/runs/:id/events', true, async ({ response, principal, params, query }) => {
      const { since = 0, limit = EVENTS_PAGE_DEFAULT } = this.checked<{ since?: number; limit?: number }>(
        this.checkEventsQuery,
        parseQuery(query, { integer: ['since', 'limit'] }),
      );
      const events = await actions.readEvents(principal, params.id!, since, limit);
      const body: EventsResponse = events.length === limit ? { events, nextSince: events[events.length - 1]!.seq } : { events };
      sendJson(response, 200, body);
    });
    this.route('GET', '/v1/runs/:id/definition', true, async ({ response, principal, params }) => {
      sendJson(response, 200, { definition: await actions.runDefinition(principal, params.id!) });
    });
    this.route('GET', '/v1/runs/:id/tasks/:taskId/input', true, async ({ response, principal, params, query }) => {
      const { instance } = this.checked<{ instance?: number }>(this.checkTaskInputQuery, parseQuery(query, { integer: ['instance'] }));
      const body: TaskInputResponse = await actions.taskInput(principal, params.id!, params.taskId!, instance);
      sendJson(response, 200, body);
    });
    this.route('POST', '/v1/runs/:id/tasks', true, async ({ request, response, principal, params }) => {
      principal.require('answer', 'update tasks');
      const body = this.checked<{ updates: TaskUpdate[] }>(this.checkTaskUpdates, await this.body(request));
      sendJson(response, 200, { run: await actions.applyTaskUpdates(principal, params.id!, body.updates) });
    });
    this.route('POST', '/v1/runs/:id/tasks/:taskId/answer', true, async ({ request, response, principal, params }) => {
      principal.require('answer', 'answer human tasks');
      const body = this.checked<HumanAnswer>(this.checkAnswer, await this.body(request));
      sendJson(response, 200, { run: await actions.answer(principal, params.id!, params.taskId!, body) });
    });
    this.route('POST', '/v1/runs/:id/cancel', true, async ({ request, response, principal, params }) => {
      principal.require('start', 'cancel runs');
      const body = this.checked<CancelRunRequest>(this.checkCancel, (await this.body(request)) ?? {});
      sendJson(response, 200, { run: await actions.cancel(principal, params.id!, body.reason) });
    });
    this.route('POST', '/v1/drafts/:id/approve', true, async ({ response, principal, params }) => {
      // A dedicated scope: approving lets model-written workflows run on this host.
      principal.require('drafts:approve', 'approve workflow drafts');
      const approve = this.deps.approveDraft;
      if (!approve) throw new TroupeError('E_DRAFT_NOT_FOUND', { draftId: params.id!, dir: 'this server (it serves no drafts)' });
      sendJson(response, 200, { approved: await approve(params.id!, principal.name) });
    });
    this.route('POST', '/v1/events/:name', true, async ({ request, response, principal, params }) => {
      principal.require('start', 'fire events');
      const payload = (await this.body(request)) as JsonValue | undefined;
      const runIds = await actions.emit(principal, params.name!, payload);
      sendJson(response, 202, { event: params.name!, runIds });
    });
  }

  /** Handles a request; never throws. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    let routeLabel = 'unmatched';
    let status: number;
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
      const found = this.match(method === 'HEAD' ? 'GET' : method, segments);
      if (!found) {
        const allowed = this.routes.filter((route) => matchSegments(route.segments, segments) !== undefined).map((route) => route.method);
        if (allowed.length > 0) {
          throw new TroupeError('E_NOT_FOUND', { method, path: url.pathname, status: 405, allow: allowed.join(', ') });
        }
        throw new TroupeError('E_NOT_FOUND', { method, path: url.pathname });
      }
      routeLabel = found.route.path;
      const principal = found.route.authenticated ? this.deps.authenticate(request) : undefined;
      await found.route.handle({ request, response, params: found.params, query: url.searchParams, principal: principal! });
      status = response.statusCode;
    } catch (error) {
      const headers: Record<string, string> = {};
      if (error instanceof TroupeError && error.code === 'E_UNAUTHORIZED') headers['www-authenticate'] = 'Bearer realm="troupe"';
      if (error instanceof TroupeError && typeof error.details.allow === 'string') headers.allow = error.details.allow;
      status = sendError(response, error, headers);
      if (status >= 500) this.deps.logger.error({ err: error, method, url: request.url }, 'request failed');
    }
    this.deps.metrics.countRequest(method, routeLabel, status);
  }

  private route(method: Route['method'], path: string, authenticated: boolean, handle: Route['handle']): void {
    this.routes.push({ method, path, segments: path.split('/').filter((segment) => segment.length > 0), authenticated, handle });
  }

  private match(method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  private body(request: IncomingMessage): Promise<unknown> {
    return readJsonBody(request, this.deps.maxBodyBytes);
  }

  private checked<T>(validate: SchemaValidator, value: unknown): T {
    const problems = validate(value === undefined ? {} : value);
    if (problems.length > 0) throw new TroupeError('E_REQUEST_INVALID', { problems });
    return (value === undefined ? {} : value) as T;
  }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index]!;
    const actual = segments[index]!;
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        throw new TroupeError('E_REQUEST_INVALID', { problems: [`path segment "${actual}" is not valid percent-encoding`] });
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Query string → object for schema checks: `a=1&a=2` or `a=1,2` for lists, integers converted when they look like one. */
function parseQuery(query: URLSearchParams, shape: { readonly list?: readonly string[]; readonly integer?: readonly string[] }): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    if (shape.list?.includes(key)) {
      result[key] = values.flatMap((value) => value.split(',')).filter((value) => value.length > 0);
    } else if (values.length > 1) {
      result[key] = values;
    } else {
      const value = values[0]!;
      result[key] = shape.integer?.includes(key) && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
    }
  }
  return result;
}
