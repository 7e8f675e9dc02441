import type { APIGatewayProxyResult } from 'aws-lambda';

const jsonHeaders = { 'content-type': 'application/json;charset=utf-8' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
}

/** Weak ETag derived from the item's version: the If-Match token for optimistic concurrency. */
export const etagOf = (version: number): string => `W/"${version}"`;

/** The version an If-Match header names, or undefined when absent; `*` means any version. */
export function versionFromIfMatch(ifMatch: string | undefined): number | 'any' | undefined {
  if (ifMatch === undefined) return undefined;
  const trimmed = ifMatch.trim();
  if (trimmed === '*') return 'any';
  const match = /^(?:W\/)?"(\d+)"$/.exec(trimmed);
  return match ? Number(match[1]) : Number.NaN;
}
