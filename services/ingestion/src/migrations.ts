import { SeenEventsIdsInByteOrder1764028800000 } from './dedupe/seen-events-byte-order.migration';
import { CreateSeenEvents1732440000000 } from './dedupe/seen-events.migration';

/** Every migration of the ingestion schema, in order (the module's and `migrate.js`'s list). */
export const INGESTION_MIGRATIONS = [CreateSeenEvents1732440000000, SeenEventsIdsInByteOrder1764028800000];
