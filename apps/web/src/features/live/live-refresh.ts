import type { LiveEventFrame } from '@hindsight/client';
import { sessionChannel, sessionsChannel } from '@hindsight/models';
import type { QueryClient } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { queryKeys } from '../../api.js';
import { useLiveChannel } from './LiveProvider.js';
import { throttle } from './throttle.js';

/** How often a page refetches at most while events stream in (Tarsy's dashboard: 1 s). */
const refreshEveryMs = 1_000;

function useThrottledInvalidate(invalidate: (client: QueryClient) => void) {
  const queryClient = useQueryClient();
  const throttled = useMemo(
    () => throttle(() => invalidate(queryClient), refreshEveryMs),
    [queryClient, invalidate],
  );
  useEffect(() => () => throttled.cancel(), [throttled]);
  return throttled;
}

const refreshLists = (client: QueryClient) =>
  void client.invalidateQueries({ queryKey: queryKeys.sessions });

/** The sessions list refetches when a session starts, changes state or ends. */
export function useLiveSessionList(): void {
  const refresh = useThrottledInvalidate(refreshLists);
  useLiveChannel(sessionsChannel, refresh);
}

/** A session's page refetches its detail and summary on each of its stored events. */
export function useLiveSession(sessionId: string): void {
  const invalidate = useMemo(
    () => (client: QueryClient) =>
      void client.invalidateQueries({ queryKey: queryKeys.session(sessionId) }),
    [sessionId],
  );
  const refresh = useThrottledInvalidate(invalidate);
  useLiveChannel(sessionChannel(sessionId), (event: LiveEventFrame) => {
    // Streamed LLM text (no id) is not stored: there is nothing new to fetch yet.
    if (event.id !== undefined) refresh();
  });
}
