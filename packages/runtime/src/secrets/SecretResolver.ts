/**
 * What the engine and the policy layer need from the host's secrets: values by
 * id (only for what an executor declared), and a way to keep values out of
 * everything that leaves a task (logs, events, errors, frames).
 */
export interface SecretResolver {
  /** Values of the ids that are set, and the ids that are not. */
  resolve(ids: readonly string[]): { readonly values: Readonly<Record<string, string>>; readonly missing: readonly string[] };
  /** Replaces every known secret value inside `text` with `[REDACTED]`. */
  scrub(text: string): string;
  /** Deep-copies a JSON-like value with every known secret value inside strings replaced. */
  scrubValue<T>(value: T): T;
  /** True when `text` contains a known secret value. */
  containsSecret(text: string): boolean;
}
