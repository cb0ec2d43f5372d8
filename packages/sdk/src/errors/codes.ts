/**
 * The one table of Troupe error codes. Every error a user can cause carries one
 * of these codes. `message` is a template: `{name}` is replaced by the detail of
 * the same name. `docs/errors.md` is generated from this table
 * (`pnpm docs:errors`); a test fails when the doc is stale.
 */
export interface ErrorCodeSpec {
  /** Where the error comes from, for grouping in the docs. */
  readonly area: string;
  /** Message template, `{detail}` placeholders filled from the error's details. */
  readonly message: string;
  /** What the user should do about it. */
  readonly hint: string;
}

export const ERROR_CODES = {
  // ── configuration and manifests ──────────────────────────────────────────
  E_CONFIG_INVALID: {
    area: 'config',
    message: 'The host configuration {file} is invalid: {problems}',
    hint: 'Fix the listed fields; the schema is published as @troupe/sdk/schemas/host-config.schema.json (set "$schema" for editor help).',
  },
  E_CONFIG_NOT_FOUND: {
    area: 'config',
    message: 'No host configuration at {file}',
    hint: 'Create troupe.config.json (`troupe init`) or pass --config with the path of an existing file.',
  },
  E_PACK_NOT_FOUND: {
    area: 'packs',
    message: 'Pack "{use}" could not be found from {from}',
    hint: 'Install it with `npm install {use}` in the host app, or fix the relative path in troupe.config.json.',
  },
  E_PACK_MANIFEST_INVALID: {
    area: 'packs',
    message: 'The "troupe" manifest of pack {pack} is invalid: {problems}',
    hint: 'Fix the "troupe" field of the pack\'s package.json; its schema is @troupe/sdk/schemas/pack-manifest.schema.json.',
  },
  E_PACK_ENGINE_MISMATCH: {
    area: 'packs',
    message: 'Pack {pack} needs pack API {engine} but this runtime provides {apiVersion}',
    hint: 'Install a pack version built for pack API {apiVersion}, or upgrade @troupe/runtime. The range must pin a major, e.g. "^1.0.0".',
  },
  E_PACK_VERSION_MISMATCH: {
    area: 'packs',
    message: 'Pack {pack} is installed at {version}, which does not satisfy "{range}" from the host configuration',
    hint: 'Install a matching version (`npm install {pack}@"{range}"`) or change the "version" of the entry.',
  },
  E_PACK_REQUIRES_MISSING: {
    area: 'packs',
    message: 'Pack {pack} requires pack {requires}, which is not loaded',
    hint: 'Add {requires} to "packs" in troupe.config.json (and install it), or remove the dependency.',
  },
  E_PACK_REQUIRES_MISMATCH: {
    area: 'packs',
    message: 'Pack {pack} requires {requires}@{range} but {version} is loaded',
    hint: 'Install a version of {requires} that satisfies {range}, or upgrade {pack}.',
  },
  E_PACK_DEPENDENCY_CYCLE: {
    area: 'packs',
    message: 'Packs require each other in a cycle: {cycle}',
    hint: 'Break the cycle by removing one of the "requires" entries.',
  },
  E_PACK_DEPENDENCY_FAILED: {
    area: 'packs',
    message: 'Pack {pack} was not loaded because pack {dependency} it requires failed',
    hint: 'Fix {dependency} first; its own error is attached as the cause.',
  },
  E_PACK_DUPLICATE: {
    area: 'packs',
    message: 'Pack {pack} is listed more than once',
    hint: 'Keep a single entry for each pack in troupe.config.json and in host.register() calls.',
  },
  E_PACK_IMPORT_FAILED: {
    area: 'packs',
    message: 'Pack {pack} could not be imported from {entry}: {reason}',
    hint: 'Check that the pack is built and its "main"/"exports" entry exists and default-exports definePack(...).',
  },
  E_PACK_ACTIVATE_FAILED: {
    area: 'packs',
    message: 'Pack {pack} threw while activating: {reason}',
    hint: 'See the cause; activate(ctx) must not throw. Check the pack\'s options and secrets.',
  },
  E_PACK_ACTIVATE_TIMEOUT: {
    area: 'packs',
    message: 'Pack {pack} did not finish activating within {timeoutMs} ms',
    hint: 'Make activate(ctx) settle sooner, or raise "activationTimeoutMs" for this entry in troupe.config.json.',
  },
  E_PACK_OPTIONS_INVALID: {
    area: 'packs',
    message: 'The options given to pack {pack} are invalid: {problems}',
    hint: 'Fix "options" of the entry in troupe.config.json to match the pack\'s optionsSchema.',
  },
  E_PACK_ABORTED: {
    area: 'packs',
    message: 'The host did not start because pack {pack} failed and its entry says onFailure "abort"',
    hint: 'Fix the pack\'s error (attached as the cause) or set "onFailure": "continue" for it.',
  },
  E_PACK_INCOMPATIBLE: {
    area: 'packs',
    message: 'Run {runId} is pinned to {pinned}, which is no longer available or compatible (now: {available})',
    hint: 'Reinstall a compatible pack version to resume the run, or cancel it and start a new run.',
  },
  E_DESCRIPTOR_INVALID: {
    area: 'packs',
    message: 'Descriptor {kind}:{id} from pack {pack} is invalid: {problems}',
    hint: 'Fix the descriptor in the pack; descriptors are built with defineTool/defineWorkflow/… from @troupe/sdk.',
  },
  E_DESCRIPTOR_NOT_FOUND: {
    area: 'packs',
    message: 'No active {kind} "{id}"',
    hint: 'Check the id, that the pack providing it is active (`troupe packs`), and that no override disables it.',
  },
  E_HOST_STATE: {
    area: 'host',
    message: 'The host cannot {action} while it is {state}',
    hint: 'Call host.start() once before using it, and do not use it after host.stop().',
  },
  E_SERVICE_OVERRIDE_LATE: {
    area: 'host',
    message: 'Service {token} cannot be overridden after the host started',
    hint: 'Call host.override(token, value) before host.start().',
  },
  E_SERVICE_MISSING: {
    area: 'host',
    message: 'No service is registered for {token}',
    hint: 'Provide one with host.override(token, value) or createHost({ services }) before host.start().',
  },

  // ── secrets, personas and roles ──────────────────────────────────────────
  E_SECRET_MISSING: {
    area: 'secrets',
    message: '{owner} needs secrets that are not set: {missing}',
    hint: 'Provide each one, e.g. as environment variable {envExample}, in the secrets file, or programmatically.',
  },
  E_SECRET_FILE_INVALID: {
    area: 'secrets',
    message: 'The secrets file {file} could not be read: {reason}',
    hint: 'The file must be a JSON object of secret id to string value.',
  },
  E_ROLE_UNRESOLVED: {
    area: 'roles',
    message: 'Workflow {workflowId} has roles no persona can fill: {roles}',
    hint: 'Install a pack that provides a matching persona, or pass roleAssignments { roleId: personaId } when starting.',
  },
  E_PERSONA_NOT_FOUND: {
    area: 'roles',
    message: 'Persona "{personaId}" assigned to role {roleId} is not active',
    hint: 'Check the persona id (`troupe packs` lists descriptors) or assign another persona.',
  },

  // ── workflow definitions ─────────────────────────────────────────────────
  E_WORKFLOW_INVALID: {
    area: 'workflows',
    message: 'Workflow {workflowId} is invalid: {problems}',
    hint: 'Fix every listed problem; each is also reported with its own code in the diagnostics.',
  },
  E_WORKFLOW_NOT_FOUND: {
    area: 'workflows',
    message: 'No active workflow "{workflowId}"{range}{suggestion}',
    hint: 'Check the id and version range; `troupe packs` lists the workflows each pack provides.',
  },
  E_WORKFLOW_SCHEMA_INVALID: {
    area: 'workflows',
    message: 'Workflow {workflowId} does not match the definition schema at {path}: {problem}',
    hint: 'Fix the field; the schema is published as @troupe/sdk/schemas/workflow-definition.schema.json.',
  },
  E_TASK_DUPLICATE_ID: {
    area: 'workflows',
    message: 'Task id "{taskId}" is used more than once',
    hint: 'Give every task of a workflow a unique id.',
  },
  E_TASK_UNKNOWN_DEPENDENCY: {
    area: 'workflows',
    message: 'Task {taskId} depends on unknown task "{dependency}"',
    hint: 'Fix the id in dependsOn or add the missing task.',
  },
  E_TASK_CYCLE: {
    area: 'workflows',
    message: 'Tasks depend on each other in a cycle: {cycle}',
    hint: 'A task graph must be acyclic; remove one of the dependsOn edges.',
  },
  E_TASK_UNKNOWN_ROLE: {
    area: 'workflows',
    message: 'Task {taskId} uses role "{roleId}", which the workflow does not declare',
    hint: 'Declare the role under "roles" or fix the roleId.',
  },
  E_TASK_UNKNOWN_EXECUTOR_REF: {
    area: 'workflows',
    message: 'Task {taskId} refers to {kind} "{ref}", which is not active',
    hint: 'Install or enable the pack that provides it, or fix the reference.',
  },
  E_TASK_COMPENSATION_INVALID: {
    area: 'workflows',
    message: 'Task {taskId} cannot use "{ref}" as its compensation: {reason}',
    hint: 'A compensation is `code:<id>`, or the id of a tool or code task that has no dependencies and that no task depends on.',
  },
  E_TASK_DYNAMIC_INVALID: {
    area: 'workflows',
    message: 'Task {taskId} cannot be dynamic this way: {reason}',
    hint: 'forEach runs tool, code and gmi executors; loop runs tool, code, gmi and workflow executors; a task has at most one of forEach and loop, each with its bound (maxItems, maxRounds).',
  },
  E_EXPRESSION_INVALID: {
    area: 'workflows',
    message: 'Expression "{expression}" is invalid at {position}: {reason}',
    hint: 'Expressions support == != < > <= >= && || ! in, property paths, parentheses and JSON literals.',
  },
  E_EXPRESSION_EVAL: {
    area: 'workflows',
    message: 'Expression "{expression}" could not be evaluated: {reason}',
    hint: 'Check the property paths it reads; a missing path evaluates to null.',
  },

  // ── runs and tasks ───────────────────────────────────────────────────────
  E_INPUT_INVALID: {
    area: 'runs',
    message: 'The input is invalid: {problems}',
    hint: 'Send input that matches the schema ({schemaOf}).',
  },
  E_OUTPUT_INVALID: {
    area: 'runs',
    message: 'The output of {subject} does not match its schema: {problems}',
    hint: 'Fix the tool, code or model that produced it, or its outputSchema.',
  },
  E_RUN_NOT_FOUND: {
    area: 'runs',
    message: 'No run with id {runId}',
    hint: 'List runs with `troupe runs` or GET /v1/runs.',
  },
  E_RUN_EXISTS: {
    area: 'runs',
    message: 'A run with id {runId} already exists',
    hint: 'Omit runId to get a fresh one, or pick another id.',
  },
  E_RUN_TERMINAL: {
    area: 'runs',
    message: 'Run {runId} has already ended ({status})',
    hint: 'Start a new run; an ended run cannot be changed.',
  },
  E_FOREACH_NOT_ARRAY: {
    area: 'runs',
    message: 'The forEach items of task {taskId} ("{expression}") gave {actual}, not an array',
    hint: 'Make the expression name an array in the upstream output or the run input (e.g. tasks.plan.output.subtasks).',
  },
  E_FOREACH_TOO_MANY: {
    area: 'runs',
    message: 'The forEach items of task {taskId} have {count} elements, more than its maxItems of {maxItems}',
    hint: 'Raise forEach.maxItems (at most 1000) or have the upstream task emit fewer elements.',
  },
  E_FOREACH_ITEM_FAILED: {
    area: 'runs',
    message: 'Element {item} of forEach task {taskId} failed after {attempts} attempt(s): {reason}',
    hint: 'See the element\'s error in the task\'s instances; raise retry.maxAttempts if the failure is transient.',
  },
  E_LOOP_ROUND_FAILED: {
    area: 'runs',
    message: 'Round {round} of loop task {taskId} failed after {attempts} attempt(s): {reason}',
    hint: 'See the round\'s error in the task\'s instances; raise retry.maxAttempts if the failure is transient.',
  },
  E_LOOP_MAX_ROUNDS: {
    area: 'runs',
    message: 'Loop task {taskId} ran its {maxRounds} rounds and its stop condition "{until}" never held',
    hint: 'Raise loop.maxRounds, loosen the until condition, or set loop.onMaxRounds to "complete" to accept the last round.',
  },
  E_RUN_TIMEOUT: {
    area: 'runs',
    message: 'Run {runId} exceeded its timeout of {timeoutMs} ms',
    hint: 'Raise the workflow\'s timeoutMs or make its tasks faster.',
  },
  E_RUN_CANCELLED: {
    area: 'runs',
    message: 'Run {runId} was cancelled: {reason}',
    hint: 'Nothing to fix; start a new run if the work is still needed.',
  },
  E_RUN_NOT_LIVE: {
    area: 'runs',
    message: 'Run {runId} is {status}, but this host is not driving it',
    hint: 'Only the host that drives a run can change it: call recover() when a host starts (the CLI and server do), and run one host per store.',
  },
  E_TASK_NOT_FOUND: {
    area: 'runs',
    message: 'Run {runId} has no task {taskId}',
    hint: 'Check the task id against the workflow definition (`troupe status {runId}`).',
  },
  E_TASK_NOT_AWAITING: {
    area: 'runs',
    message: 'Task {taskId} of run {runId} is not waiting for an answer (it is {status})',
    hint: 'Only tasks in status awaiting_input accept answers.',
  },
  E_TASK_INPUT_UNAVAILABLE: {
    area: 'runs',
    message: 'The input of task {taskId} of run {runId} cannot be shown: {reason}',
    hint: 'A task gets its input when it starts: ask again once it has started. Elements of a forEach and rounds of a loop count from 0 (`instance`).',
  },
  E_RUN_DEFINITION_GONE: {
    area: 'runs',
    message: 'Run {runId} used workflow {definitionId} {definitionVersion}, which this host no longer has{reason}',
    hint: 'Task inputs are rebuilt from the definition the run started with: install the pack version that provides {definitionId} {definitionVersion} again to see them. The run\'s events, outputs and errors are still readable.',
  },
  E_TASK_UPDATE_INVALID: {
    area: 'runs',
    message: 'Update of task {taskId} in run {runId} is not allowed: {reason}',
    hint: 'External updates may complete or fail a task that is pending, ready, running or awaiting input.',
  },
  E_ANSWER_INVALID: {
    area: 'runs',
    message: 'The answer for task {taskId} is invalid: {problems}',
    hint: 'Approvals take { approved: boolean, comment? }; inputs take { value } matching the task\'s inputSchema.',
  },
  E_TASK_FAILED: {
    area: 'runs',
    message: 'Task {taskId} failed: {reason}',
    hint: 'See the cause; fix the executor or its input.',
  },
  E_TASK_TIMEOUT: {
    area: 'runs',
    message: 'Task {taskId} exceeded its timeout of {timeoutMs} ms',
    hint: 'Raise the task\'s timeoutMs, or make the executor honour its AbortSignal sooner.',
  },
  E_TASK_REJECTED: {
    area: 'runs',
    message: 'Task {taskId} was rejected by {actor}: {comment}',
    hint: 'A human rejected the approval; start a new run after addressing the comment.',
  },
  E_DEPENDENCY_FAILED: {
    area: 'runs',
    message: 'Task {taskId} cannot run because {dependency} did not complete',
    hint: 'Fix the failed upstream task, or set a joinPolicy that tolerates it.',
  },
  E_TOOL_FORBIDDEN: {
    area: 'policy',
    message: 'Role {roleId} may not call tool {toolId}',
    hint: 'Add the tool to the role\'s "tools" list in the workflow definition, if it should be allowed.',
  },
  E_PROVIDER_FAILED: {
    area: 'runs',
    message: 'Model provider {providerId} failed: {reason}',
    hint: 'See the cause; check the provider\'s configuration and secrets.',
  },
  E_PROVIDER_AUTH: {
    area: 'providers',
    message: 'The model endpoint {url} refused the credentials (HTTP {status}): {reason}',
    hint: 'Set the API key secret the provider declares (e.g. TROUPE_SECRET_OPENAI_API_KEY for openai.apiKey) to a valid key for this endpoint.',
  },
  E_PROVIDER_RATE_LIMITED: {
    area: 'providers',
    message: 'The model endpoint {url} is rate limiting (HTTP 429) after {attempts} attempts',
    hint: 'Lower the concurrency of seats on this endpoint, raise the provider\'s maxRetries, or ask the endpoint for a higher limit.',
  },
  E_PROVIDER_BAD_REQUEST: {
    area: 'providers',
    message: 'The model endpoint {url} rejected the request (HTTP {status}): {reason}',
    hint: 'Check the model name, the persona\'s settings and the tool schemas against what the endpoint supports.',
  },
  E_PROVIDER_UNAVAILABLE: {
    area: 'providers',
    message: 'The model endpoint {url} failed after {attempts} attempts: {reason}',
    hint: 'Check that the endpoint (baseUrl) is up and reachable from this host; failures of HTTP 5xx and of the network are retried with backoff.',
  },
  E_PROVIDER_TIMEOUT: {
    area: 'providers',
    message: 'The model endpoint {url} did not answer within {timeoutMs} ms',
    hint: 'Raise the provider\'s requestTimeoutMs (or the task\'s timeoutMs), or use a faster model.',
  },
  E_PROVIDER_STREAM_MALFORMED: {
    area: 'providers',
    message: 'The reply of the model endpoint {url} is not a valid chat completion: {reason}',
    hint: 'The endpoint does not speak the OpenAI chat-completions format (or the connection broke mid-stream); check baseUrl, or set stream: false.',
  },
  E_PROVIDER_TOOL_ROUNDS: {
    area: 'providers',
    message: 'The model kept calling tools after {rounds} rounds in task {taskId}',
    hint: 'Raise the provider\'s maxToolRounds, or tell the seat in its instructions when to stop calling tools.',
  },
  E_BUDGET_EXCEEDED: {
    area: 'runs',
    message: 'The {scope} budget of {limit} {unit} is exceeded: {used} {unit} used (task {taskId})',
    hint: 'Raise "budget" of the {scope} in the workflow definition, or make the seat use fewer tokens (shorter instructions and inputs).',
  },

  // ── policy and guardrails ────────────────────────────────────────────────
  E_POLICY_UNKNOWN: {
    area: 'policy',
    message: 'Policy tag "{tag}" has no guardrail stack',
    hint: 'Map the tag to guardrail ids under "policies" in troupe.config.json, or remove the tag.',
  },
  E_GUARDRAIL_NOT_FOUND: {
    area: 'policy',
    message: 'Policy tag "{tag}" names guardrail "{guardrailId}", which is not active',
    hint: 'Install or enable the pack that provides it, or fix the policy stack.',
  },
  E_GUARDRAIL_BLOCKED: {
    area: 'policy',
    message: 'Guardrail {guardrailId} blocked {phase} of task {taskId}: {reason}',
    hint: 'The content broke a policy; change the input or the policy stack for tag(s) {tags}.',
  },
  E_GUARDRAIL_TOOL_CALL_BLOCKED: {
    area: 'policy',
    message: 'Guardrail {guardrailId} blocked the {part} of a call to tool {toolId} by task {taskId}: {reason}',
    hint: 'The seat\'s tool call broke a policy of tag(s) {tags}; the call did not happen (arguments) or its result was withheld (result). A tool call cannot wait for an approval, so require_approval blocks it too.',
  },
  E_GUARDRAIL_FAILED: {
    area: 'policy',
    message: 'Guardrail {guardrailId} failed ({reason}); failing closed',
    hint: 'Fix the guardrail, or set onError "allow" for it if failing open is acceptable.',
  },

  // ── store ────────────────────────────────────────────────────────────────
  E_STORE_UNAVAILABLE: {
    area: 'store',
    message: 'The store {store} is unavailable: {reason}',
    hint: 'Check the store URL in troupe.config.json and that the folder or server is reachable.',
  },
  E_STORE_SCHEMA_TOO_NEW: {
    area: 'store',
    message: 'The database schema version {found} is newer than this runtime supports ({supported})',
    hint: 'Upgrade @troupe/runtime and the store package, or point the host at another database.',
  },
  E_STORE_CONFLICT: {
    area: 'store',
    message: 'Write to run {runId} conflicts with a newer one (seq {seq})',
    hint: 'Another process owns this run; only one host may drive a run at a time.',
  },
  E_STORE_LOCKED: {
    area: 'store',
    message: 'The store {store} is driven by another host: {holder} (pid {pid} on {hostname}, since {since}, last seen {lastSeen})',
    hint: 'Act through that host instead (`troupe run|approve|answer|cancel --url URL --token TOKEN`, or REST/websocket), or stop it first. A lease whose owner died is taken over after {staleAfter} (at once when its pid is gone on this machine).',
  },
  E_NOT_COORDINATOR: {
    area: 'store',
    message: 'This server is on standby and cannot {action}: runs of this store are driven by {coordinator}',
    hint: 'Send starts, answers, approvals, cancels and events to the coordinator (`--url` of that server, or its REST/websocket); reads and live streams work on every server. This server takes over when the coordinator\'s lease goes stale.',
  },
  E_STORE_CURSOR_INVALID: {
    area: 'store',
    message: 'The page cursor {cursor} was not issued by this store',
    hint: 'Pass nextCursor from the previous page unchanged, or omit cursor to start from the first page.',
  },
  E_TRIGGER_INVALID: {
    area: 'triggers',
    message: 'Trigger {triggerId} is invalid: {reason}',
    hint: 'cron triggers take a 5- or 6-field pattern and an IANA timezone; runAt takes an ISO 8601 date-time with a UTC offset; event filters are expressions over `event`.',
  },

  // ── server and clients ───────────────────────────────────────────────────
  E_UNAUTHORIZED: {
    area: 'server',
    message: 'Missing or invalid bearer token',
    hint: 'Send "Authorization: Bearer <token>" with a token listed under server.tokens.',
  },
  E_FORBIDDEN: {
    area: 'server',
    message: 'The token may not {action}',
    hint: 'Use a token with the needed scope ({scope}) or conversation access.',
  },
  E_REQUEST_INVALID: {
    area: 'server',
    message: 'The request is invalid: {problems}',
    hint: 'Fix the listed fields; see the API reference in the server README.',
  },
  E_NOT_FOUND: {
    area: 'server',
    message: 'No route {method} {path}',
    hint: 'See the API reference in the server README.',
  },
  E_FRAME_INVALID: {
    area: 'server',
    message: 'The websocket message is invalid: {problems}',
    hint: 'Messages are JSON objects with a "type"; see the protocol in the server README.',
  },
  E_FRAME_TOO_LARGE: {
    area: 'server',
    message: 'The websocket message is larger than {limit} bytes',
    hint: 'Send smaller messages.',
  },
  E_SERVER_UNSAFE_BIND: {
    area: 'server',
    message: 'Refusing to listen on {host} without any token configured',
    hint: 'Add tokens under server.tokens in troupe.config.json, or bind 127.0.0.1.',
  },
  E_STREAM_TOO_SLOW: {
    area: 'server',
    message: 'The connection stayed behind the stream for more than {timeoutMs} ms and was closed (code 4008)',
    hint: 'Read messages faster or subscribe to fewer runs and seats; reconnect with "since" to catch up from the store.',
  },
  E_CLIENT_CLOSED: {
    area: 'client',
    message: 'The client is closed',
    hint: 'Create a new client.',
  },
  E_CLIENT_DISCONNECTED: {
    area: 'client',
    message: 'Lost the connection to {url}: {reason}',
    hint: 'Check that the server is running and reachable; subscriptions resume by themselves once it is back, requests in flight must be retried.',
  },

  // ── generated workflows ──────────────────────────────────────────────────
  E_DRAFT_NOT_FOUND: {
    area: 'drafts',
    message: 'No workflow draft {draftId} in {dir}',
    hint: 'List the drafts with `troupe drafts list`; a draft id looks like d1a2b3c4.',
  },
  E_DRAFT_APPROVED: {
    area: 'drafts',
    message: 'Draft {draftId} is already approved as {workflowId}',
    hint: 'Run it with `troupe run {workflowId}`; generate a new draft to change it.',
  },
  E_GENERATE_FAILED: {
    area: 'drafts',
    message: 'No valid workflow after {rounds} proposal(s): {problems}',
    hint: 'Make the problem statement more precise, allow more repair rounds (--repairs), or use a stronger planner persona (--persona).',
  },
  E_GENERATE_NO_PLANNER: {
    area: 'drafts',
    message: 'No planner persona: {reason}',
    hint: 'Pass --persona <id> naming a persona of an active pack, or activate a persona with the capability "workflow.planner".',
  },

  // ── CLI ──────────────────────────────────────────────────────────────────
  E_CLI_USAGE: {
    area: 'cli',
    message: '{problem}',
    hint: 'Run `troupe --help` for the commands and their options.',
  },
  E_CLI_INPUT_INVALID: {
    area: 'cli',
    message: 'The value of {option} is not valid JSON{source}: {reason}',
    hint: 'Pass JSON quoted for your shell (--input \'{"name":"Ada"}\') or @path/to/file.json to read it from a file.',
  },
  E_CLI_ANSWER_MODE: {
    area: 'cli',
    message: 'Task {taskId} of run {runId} asks for {mode}, which `troupe {command}` does not give',
    hint: 'Approvals: `troupe approve <runId> <taskId> [--reject] [--comment TEXT]`; inputs: `troupe answer <runId> <taskId> --value JSON`.',
  },

  // ── payloads and store failures ──────────────────────────────────────────
  E_PAYLOAD_NOT_SERIALIZABLE: {
    area: 'runs',
    message: 'The {subject} is not JSON data: {reason}',
    hint: 'Give plain JSON values: a string instead of a BigInt, no cycles, no getters or toJSON() that throw. Nothing of it was stored.',
  },
  E_PAYLOAD_TOO_LARGE: {
    area: 'runs',
    message: 'The {subject} is too large: {reason}',
    hint: 'Keep payloads under {maxBytes} bytes of JSON and {maxDepth} levels of nesting (engine.maxPayloadBytes, engine.maxPayloadDepth in troupe.config.json), or keep large data elsewhere and pass a reference. Nothing of it was stored.',
  },
  E_STORE_WRITE_FAILED: {
    area: 'store',
    message: 'The store {store} cannot write: {reason}',
    hint: 'Free disk space or fix the I/O error; the engine retries with backoff and goes on by itself once writes succeed (/healthz answers 503 until then).',
  },
  E_STORE_CORRUPT: {
    area: 'store',
    message: 'The store {store} is damaged: {reason}',
    hint: 'Restore the database file from a backup, or move it away to start with an empty store; `sqlite3 FILE "PRAGMA integrity_check"` lists the damage.',
  },
  E_INIT_EXISTS: {
    area: 'cli',
    message: '{file} already exists; `troupe init` changes nothing',
    hint: 'Edit the existing file, or run `troupe init` in an empty folder (or with --dir DIR).',
  },
  E_SCAFFOLD_NAME_INVALID: {
    area: 'scaffold',
    message: '"{name}" is not a valid npm package name: {reason}',
    hint: 'Use lowercase letters, digits, "-", "." or "_", optionally scoped: my-pack or @acme/troupe-pack-review.',
  },
  E_SCAFFOLD_TARGET_EXISTS: {
    area: 'scaffold',
    message: 'The folder {dir} exists and is not empty; nothing was written',
    hint: 'Pick another name, pass --dir with an empty or new folder, or remove the folder.',
  },
  // ── boundaries: pack entries, secrets, run ids ──────────────────────────
  E_PACK_ENTRY_MISSING: {
    area: 'packs',
    message: 'Pack {pack} has no entry module at {entry}',
    hint: 'The pack is not built, or its entry is misnamed: build it (e.g. `npm run build` in the pack folder), or fix "troupe.entry", "exports" or "main" in its package.json.',
  },
  E_SECRET_UNDECLARED: {
    area: 'secrets',
    message: '{owner} of pack {pack} requires secrets its pack manifest does not declare: {undeclared}',
    hint: 'A pack receives only the secrets its own manifest declares: add each id to "secrets" in the "troupe" field of its package.json (a secret of another pack cannot be borrowed).',
  },
  E_RUN_ID_INVALID: {
    area: 'runs',
    message: 'The run id {runId} is not allowed: {reason}',
    hint: 'A run id is 1 to 200 letters, digits and . _ - : @ / + = starting with a letter or digit; or omit it to get a fresh one.',
  },
  E_STREAM_CONNECTION_LIMIT: {
    area: 'server',
    message: 'The server holds as many stream connections as it allows (in all, or for this token) and closed this one (code 4029)',
    hint: 'Share one connection per client (it carries every subscription) and close unused ones, or raise server.maxConnections / server.maxConnectionsPerToken in troupe.config.json.',
  },
  E_INTERNAL: {
    area: 'internal',
    message: 'Internal error: {reason}',
    hint: 'This is a bug in Troupe; please report it with the stack trace.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
