export { LiveAnnouncer } from './announcer.js';
export { type DerivedLiveEvents, deriveLiveEvents } from './derive.js';
export {
  type LiveDelivery,
  LiveFeed,
  type LiveFeedObserver,
  type LiveFeedOptions,
  type LiveListener,
} from './live-feed.js';
export {
  checkChannelAccess,
  defaultCatchUpLimit,
  LiveCatchUpInput,
} from './live-operations.js';
export { controlEvent, publishLiveEvents, sessionEvents } from './publish.js';
