import * as v from 'valibot';

/** `GET /health`: the process is up, and which version of the server it runs. */
export const HealthStatus = v.object({ status: v.literal('ok'), version: v.string() });
export type HealthStatus = v.InferOutput<typeof HealthStatus>;

/** `GET /ready`: the database answers. */
export const ReadyStatus = v.object({ status: v.literal('ready') });
export type ReadyStatus = v.InferOutput<typeof ReadyStatus>;
