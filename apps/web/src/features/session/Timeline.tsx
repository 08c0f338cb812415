import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Empty } from '../../ui/states.js';
import { InteractionCard } from './InteractionCard.js';
import { barOf, failed, type TimelineItem } from './timeline.js';

interface Props {
  readonly items: readonly TimelineItem[];
  readonly span: { start: number; end: number };
  /** The interaction the URL names; it is opened and scrolled to. */
  readonly selectedId: string | undefined;
  readonly onSelect: (id: string) => void;
}

type KindFilter = 'all' | 'llm' | 'mcp';

/**
 * Every LLM and MCP call in time order, each with its bar on the session's
 * waterfall. Only the rows on screen are rendered, so a session of thousands
 * of calls scrolls as smoothly as one of ten.
 */
export function Timeline({ items, span, selectedId, onSelect }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(selectedId ? [selectedId] : []),
  );
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [kind, setKind] = useState<KindFilter>('all');
  const ids = { errors: useId(), kind: useId() };
  const shown = useMemo(
    () =>
      items.filter(
        ({ interaction }) =>
          (!errorsOnly || failed(interaction)) && (kind === 'all' || interaction.type === kind),
      ),
    [items, errorsOnly, kind],
  );
  const listRef = useRef<HTMLOListElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) setOffset(list.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: shown.length,
    estimateSize: () => 52,
    overscan: 8,
    scrollMargin: offset,
    getItemKey: (index) => shown[index]?.interaction.event_id ?? index,
  });

  // A deep link opens its interaction and brings it into view, once the list is laid out.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!selectedId || scrolledTo.current === selectedId || offset === 0) return;
    const index = shown.findIndex((item) => item.interaction.event_id === selectedId);
    if (index < 0) return;
    setOpen((prev) => new Set(prev).add(selectedId));
    // The router restores or resets the scroll position for a navigation, and rows
    // settle their measured heights: keep bringing the call to the top of the
    // screen, frame by frame, until it stays there (or give up after a second).
    let frame = 0;
    let attempts = 0;
    const settle = () => {
      const top = document
        .querySelector(`[data-interaction-id="${CSS.escape(selectedId)}"]`)
        ?.getBoundingClientRect().top;
      if (top !== undefined && top > -2 && top < window.innerHeight / 2) {
        scrolledTo.current = selectedId;
        return;
      }
      attempts += 1;
      if (attempts > 60) return;
      virtualizer.scrollToIndex(index, { align: 'start' });
      frame = requestAnimationFrame(settle);
    };
    frame = requestAnimationFrame(settle);
    return () => cancelAnimationFrame(frame);
  }, [selectedId, shown, virtualizer, offset]);

  const toggle = (id: string, isOpen: boolean) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (isOpen) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section className="timeline" aria-label="Timeline">
      <div className="timeline-tools">
        <div className="field inline">
          <label htmlFor={ids.kind}>Show</label>
          <select
            id={ids.kind}
            value={kind}
            onChange={(e) => setKind(e.target.value as KindFilter)}
          >
            <option value="all">LLM and MCP calls</option>
            <option value="llm">LLM calls</option>
            <option value="mcp">MCP calls</option>
          </select>
        </div>
        <label className="checkbox" htmlFor={ids.errors}>
          <input
            id={ids.errors}
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => setErrorsOnly(e.target.checked)}
          />
          Only errors
        </label>
        <span className="muted" aria-live="polite">
          {shown.length} of {items.length} calls
        </span>
      </div>
      {shown.length === 0 ? (
        <Empty title={items.length === 0 ? 'No calls recorded yet' : 'No call matches'} />
      ) : (
        <ol
          ref={listRef}
          className="timeline-list"
          style={{ height: virtualizer.getTotalSize() }}
          aria-label={`${shown.length} calls`}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const item = shown[row.index];
            if (!item) return null;
            const { interaction, stage } = item;
            const id = interaction.event_id;
            return (
              <li
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="timeline-row"
                style={{
                  transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
                }}
              >
                <InteractionCard
                  interaction={interaction}
                  stageName={stage?.stage_name}
                  sessionStartUs={span.start}
                  bar={barOf(interaction.timestamp_us, interaction.duration_ms, span)}
                  open={open.has(id)}
                  selected={id === selectedId}
                  onOpenChange={(isOpen) => toggle(id, isOpen)}
                  onSelect={() => {
                    toggle(id, true);
                    onSelect(id);
                  }}
                />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
