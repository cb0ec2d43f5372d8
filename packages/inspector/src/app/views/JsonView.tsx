const LARGE = 2_000;

/**
 * Pretty JSON, collapsed when large. Values come from the server, which has
 * already redacted secrets; they are shown as text, never as markup.
 */
export function JsonView({ label, value }: { label: string; value: unknown }) {
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  const large = text.length > LARGE;
  return (
    <details class="json" open={!large}>
      <summary>
        {label}
        {large ? ` (${Math.round(text.length / 1024)} KB)` : ''}
      </summary>
      <pre>{text}</pre>
    </details>
  );
}
