import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface VirtualListProps {
  readonly count: number;
  /** Every row has this height (px): windowing is then plain arithmetic. */
  readonly rowHeight: number;
  readonly height: number;
  readonly label: string;
  readonly renderRow: (index: number) => ComponentChildren;
  /** Keeps the newest row in view while the user is at the bottom. */
  readonly follow?: boolean;
  /** Index to scroll into view (keyboard selection). */
  readonly focusIndex?: number;
  readonly onKeyDown?: (event: KeyboardEvent) => void;
}

const OVERSCAN = 10;

/** Renders only the rows in view (plus a few), so 20,000 rows cost as much as 30. */
export function VirtualList({ count, rowHeight, height, label, renderRow, follow, focusIndex, onKeyDown }: VirtualListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = box.current;
    if (element && follow && atBottom.current) {
      element.scrollTop = count * rowHeight;
      // Drawn at the new place now, not a frame later when the scroll event comes.
      setScrollTop(element.scrollTop);
    }
  }, [count, follow]);

  useEffect(() => {
    const element = box.current;
    if (!element || focusIndex === undefined) return;
    const top = focusIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    setScrollTop(element.scrollTop);
  }, [focusIndex]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ComponentChildren[] = [];
  for (let index = first; index < last; index += 1) {
    rows.push(
      <div key={index} role="listitem" class="vrow" style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px` }}>
        {renderRow(index)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      class="vlist"
      role="list"
      aria-label={label}
      tabIndex={0}
      style={{ height: `${height}px` }}
      onKeyDown={onKeyDown}
      onScroll={(event) => {
        const element = event.currentTarget as HTMLDivElement;
        atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
        setScrollTop(element.scrollTop);
      }}
    >
      <div style={{ height: `${count * rowHeight}px`, position: 'relative' }}>{rows}</div>
    </div>
  );
}
