import { AwsServiceError } from '../aws-json-protocol.js';

const defaultPageSize = 100;

/** One page of a List or GetExecutionHistory answer; the nextToken, present while more follow, encodes the next offset. */
export function paginate<T>(items: T[], maxResults: unknown, nextToken: unknown): { page: T[]; nextToken?: string } {
  let size = defaultPageSize;
  if (maxResults !== undefined && maxResults !== null) {
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
      throw new AwsServiceError('ValidationException', 'maxResults must be an integer between 0 and 1000');
    }
    if (maxResults > 0) size = maxResults;
  }
  let offset = 0;
  if (nextToken !== undefined && nextToken !== null) {
    const decoded = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString('utf8').replace(/^offset:/, '')) : NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsServiceError('InvalidToken', 'Invalid Token: nextToken');
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
  return next ? { page, nextToken: next } : { page };
}
