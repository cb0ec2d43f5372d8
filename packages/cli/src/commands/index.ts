import type { LazyCommand } from '../Command.js';

/**
 * Every `troupe` subcommand, in the order `troupe --help` lists them. A
 * command's module (and the runtime, stores, server… it imports) is loaded
 * only when that command runs, so starting one command does not pay for the others.
 */
export const commands: readonly LazyCommand[] = [
  { name: 'validate', summary: 'check the config and every enabled pack (manifest, compatibility, requires, entry module), then load them without a store to check their descriptors and workflow graphs', load: async () => (await import('./validate.js')).validateCommand },
  { name: 'packs', summary: 'load and activate the configured packs and print the startup report', load: async () => (await import('./packs.js')).packsCommand },
  { name: 'run', summary: 'run a workflow of the configured packs to completion, with live progress', load: async () => (await import('./run.js')).runCommand },
  { name: 'approve', summary: 'approve (or reject) a human approval task of a waiting run, then continue the run', load: async () => (await import('./approve.js')).approveCommand },
  { name: 'answer', summary: 'give the value a human input task of a waiting run asks for, then continue the run', load: async () => (await import('./answer.js')).answerCommand },
  { name: 'runs', summary: 'list the runs of the store, newest first', load: async () => (await import('./runs.js')).runsCommand },
  { name: 'status', summary: 'show one run: status, timings, each task and each seat', load: async () => (await import('./status.js')).statusCommand },
  { name: 'events', summary: "print a run's event log, in seq order", load: async () => (await import('./events.js')).eventsCommand },
  { name: 'audit', summary: 'print the audit log: packs activated or failed, runs started, tasks answered', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'prune', summary: 'delete ended runs older than the config\'s retention (what the host also does in the background)', load: async () => (await import('./prune.js')).pruneCommand },
  { name: 'serve', summary: 'start the host and serve its runs over REST and websocket until stopped (Ctrl-C)', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'worker', summary: 'run tool and code tasks a `troupe serve --queue` coordinator dispatches, until stopped (Ctrl-C)', load: async () => (await import('./worker.js')).workerCommand },
  { name: 'watch', summary: 'watch one run, or every run, of a running `troupe serve` live in the terminal', load: async () => (await import('./watch.js')).watchCommand },
  { name: 'init', summary: 'make this folder a host: troupe.config.json (with $schema and a sample pack), .gitignore for .troupe/', load: async () => (await import('./init.js')).initCommand },
  { name: 'create-pack', summary: 'scaffold a TypeScript pack (tool, workflow, guardrail, tests), as `npm create troupe-pack` does', load: async () => (await import('./createPack.js')).createPackCommand },
  { name: 'cancel', summary: 'cancel a run that has not ended (waiting, paused or running), with an optional reason', load: async () => (await import('./cancel.js')).cancelCommand },
  { name: 'resume', summary: 'go on with a paused run once its cause is gone (pack back, secret set), then follow it', load: async () => (await import('./resume.js')).resumeCommand },
  { name: 'generate', summary: 'propose a workflow for a problem statement with a planner seat; saved as a draft, never run', load: async () => (await import('./generate.js')).generateCommand },
  { name: 'drafts', summary: 'list and show generated workflow drafts; `approve <id>` registers one so it can run', load: async () => (await import('./drafts.js')).draftsCommand },
];
