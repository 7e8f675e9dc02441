/**
 * Where the TMF APIs' resources are: `/tmf-api/<api>/v4/<resource>`. Strings only, apart from
 * the TMF schemas (tmf-types.ts), so a function that only needs a path builds no schema at its
 * cold start.
 */

/** The TMF API a path belongs to, by the name in its base path (`/tmf-api/<api>/v4/...`); undefined for a path outside the TMF APIs. */
export const tmfApiOf = (path: string): string | undefined => /^\/tmf-api\/([^/]+)\/v4\//.exec(path)?.[1];

/** A TMF resource's path, as the resource modules declare theirs (customerPath, productOrderPath...). */
export const tmfResourcePath = (api: string, resource: string): string => `/tmf-api/${api}/v4/${resource}`;
