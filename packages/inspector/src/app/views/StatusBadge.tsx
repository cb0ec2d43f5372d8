export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge st-${status}`}>{status.replace('_', ' ')}</span>;
}
