import { execFile } from 'node:child_process';

/** Runs a program to completion; rejects with its output when it fails. */
export function runCommand(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`, { cause: error }));
      else resolveRun(stdout);
    });
  });
}
