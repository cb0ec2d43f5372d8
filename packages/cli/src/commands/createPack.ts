import type { CommandBody } from '../Command.js';

export const createPackCommand: CommandBody = {
  args: '<name>',
  positionals: { min: 1, max: 1 },
  options: {
    dir: { type: 'string', placeholder: 'DIR', description: 'the new folder (default ./<name without scope>); must be new or empty' },
  },
  async run(input, io) {
    // Imported on demand: every other command starts without it.
    const { createPackMain } = await import('create-troupe-pack');
    const [name] = input.positionals as [string];
    return createPackMain([name, ...(typeof input.values.dir === 'string' ? ['--dir', input.values.dir] : [])], io);
  },
};
