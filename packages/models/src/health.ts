import * as v from 'valibot';

/** `GET /health`: the process is up. */
export const HealthStatus = v.object({ status: v.literal('ok') });
export type HealthStatus = v.InferOutput<typeof HealthStatus>;

/** `GET /ready`: the database answers. */
export const ReadyStatus = v.object({ status: v.literal('ready') });
export type ReadyStatus = v.InferOutput<typeof ReadyStatus>;
