/**
 * The per-request round-trip meter. It lives with the store adapter (db/meter.ts), which counts
 * every call it sends; re-exported here for the edge API's imports.
 */
export { RoundTrips } from '../../db/meter.ts';
