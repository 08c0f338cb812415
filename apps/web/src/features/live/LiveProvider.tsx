import {
  connectLive,
  type LiveConnection,
  type LiveEventFrame,
  type LiveState,
  liveUrl,
} from '@hindsight/client';
import { sessionChannel, sessionsChannel } from '@hindsight/models';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

type Handler = (event: LiveEventFrame) => void;

interface LiveContextValue {
  readonly state: LiveState;
  /** Adds a handler of a channel's events; the returned function removes it. */
  readonly listen: (channel: string, handler: Handler) => () => void;
}

const LiveContext = createContext<LiveContextValue | undefined>(undefined);

/** Which subscribed channels an event frame belongs to (frames do not name their channel). */
function channelsOf(event: LiveEventFrame): string[] {
  const channels: string[] = [];
  if (event.session_id !== undefined) channels.push(sessionChannel(event.session_id));
  if (event.type.startsWith('session.')) channels.push(sessionsChannel);
  return channels;
}

/**
 * One WebSocket for the whole app (the browser's session cookie goes with the
 * upgrade). Pages listen to the channels they show; a channel is subscribed
 * while some page listens to it. After a reconnect every query is refetched,
 * since the server state may have moved on while the socket was down.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef(new Map<string, Set<Handler>>());
  const connection = useRef<LiveConnection | undefined>(undefined);

  useEffect(() => {
    let opened = false;
    const live = connectLive({
      url: liveUrl(window.location.origin),
      onEvent: (event) => {
        for (const channel of channelsOf(event)) {
          for (const handler of handlers.current.get(channel) ?? []) handler(event);
        }
      },
      onState: (next) => {
        setState(next);
        if (next === 'open' && opened) void queryClient.invalidateQueries();
        if (next === 'open') opened = true;
      },
    });
    connection.current = live;
    for (const channel of handlers.current.keys()) live.subscribe(channel);
    return () => {
      connection.current = undefined;
      live.close();
    };
  }, [queryClient]);

  const listen = useCallback((channel: string, handler: Handler) => {
    const map = handlers.current;
    const set = map.get(channel) ?? new Set<Handler>();
    if (set.size === 0) connection.current?.subscribe(channel);
    set.add(handler);
    map.set(channel, set);
    return () => {
      set.delete(handler);
      if (set.size === 0) {
        map.delete(channel);
        connection.current?.unsubscribe(channel);
      }
    };
  }, []);
  const value = useMemo(() => ({ state, listen }), [state, listen]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The connection's state, for the live indicator. */
export function useLiveState(): LiveState {
  return useContext(LiveContext)?.state ?? 'closed';
}

/** Calls `handler` for every event of `channel` while the component is mounted. */
export function useLiveChannel(channel: string | undefined, handler: Handler): void {
  const context = useContext(LiveContext);
  const latest = useRef(handler);
  latest.current = handler;
  const listen = context?.listen;
  useEffect(() => {
    if (!listen || channel === undefined) return;
    return listen(channel, (event) => latest.current(event));
  }, [listen, channel]);
}
