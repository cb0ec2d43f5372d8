// The secrets entry alone: every command starts here, most without needing the rest of the runtime.
import { HostSecrets } from '@troupe/runtime/secrets';
import type { CliIo, CliOutput } from './CliIo.js';
import { escapeTerminalText } from './terminalText.js';

const scrubbersKey = Symbol('troupe.cli.scrubbers');

type Scrub = (text: string) => string;

/** A CliIo whose outputs scrub secret values and escape terminal control characters. */
export interface SafeCliIo extends CliIo {
  readonly [scrubbersKey]: Scrub[];
}

/**
 * The one place everything a command prints passes through: each write has
 * every known secret value replaced by [REDACTED] (the values of
 * TROUPE_SECRET_* variables from the start, and whatever a host created for
 * the command knows once addSecretScrubber registered it), then every terminal
 * control character escaped, so a run id, task id, output, error message or
 * log line from a pack or a user can neither leak a secret nor drive the
 * terminal. Getters of `io` are forwarded, never read up front.
 */
export function safeIo(io: CliIo): SafeCliIo {
  if (isSafe(io)) return io;
  const scrubbers: Scrub[] = [];
  const environment = new HostSecrets({ env: io.env, sources: ['env'] });
  scrubbers.push((text) => environment.scrub(text));
  const clean = (text: string): string => escapeTerminalText(scrubbers.reduce((current, scrub) => scrub(current), text));
  return {
    [scrubbersKey]: scrubbers,
    stdout: safeOutput(io.stdout, clean),
    stderr: safeOutput(io.stderr, clean),
    get cwd() {
      return io.cwd;
    },
    get env() {
      return io.env;
    },
    get interrupted() {
      return io.interrupted;
    },
  } as SafeCliIo;
}

/** From now on, writes to `io` (when made by safeIo) are scrubbed with `scrub` too; a scrubber that throws is skipped. */
export function addSecretScrubber(io: CliIo, scrub: Scrub): void {
  if (!isSafe(io)) return;
  io[scrubbersKey].push((text) => {
    try {
      return scrub(text);
    } catch {
      return text;
    }
  });
}

function isSafe(io: CliIo): io is SafeCliIo {
  return Array.isArray((io as Partial<SafeCliIo>)[scrubbersKey]);
}

function safeOutput(output: CliOutput, clean: (text: string) => string): CliOutput {
  return {
    write: (text) => output.write(clean(text)),
    get isTTY() {
      return output.isTTY;
    },
    get columns() {
      return output.columns;
    },
    get rows() {
      return output.rows;
    },
  };
}
