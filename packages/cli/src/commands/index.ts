import type { Command } from '../Command.js';
import { answerCommand } from './answer.js';
import { approveCommand } from './approve.js';
import { auditCommand } from './audit.js';
import { createPackCommand } from './createPack.js';
import { cancelCommand } from './cancel.js';
import { eventsCommand } from './events.js';
import { initCommand } from './init.js';
import { draftsCommand } from './drafts.js';
import { generateCommand } from './generate.js';
import { packsCommand } from './packs.js';
import { pruneCommand } from './prune.js';
import { resumeCommand } from './resume.js';
import { runCommand } from './run.js';
import { runsCommand } from './runs.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { validateCommand } from './validate.js';
import { watchCommand } from './watch.js';
import { workerCommand } from './worker.js';

/** Every `troupe` subcommand, in the order `troupe --help` lists them. */
export const commands: readonly Command[] = [
  validateCommand,
  packsCommand,
  runCommand,
  approveCommand,
  answerCommand,
  runsCommand,
  statusCommand,
  eventsCommand,
  auditCommand,
  pruneCommand,
  serveCommand,
  workerCommand,
  watchCommand,
  initCommand,
  createPackCommand,
  cancelCommand,
  resumeCommand,
  generateCommand,
  draftsCommand,
];
