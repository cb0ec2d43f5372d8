import type { Command } from '../Command.js';
import { packsCommand } from './packs.js';
import { validateCommand } from './validate.js';

/** Every `troupe` subcommand, in the order `troupe --help` lists them. */
export const commands: readonly Command[] = [validateCommand, packsCommand];
