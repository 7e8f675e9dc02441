import { randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../aws-json-protocol.js';
import type { JsonValue } from './json-values.js';
import type { TaskAttempt } from './task-resources.js';

const tokenPrefix = 'LSFN1.';
const tokenPattern = /^LSFN1\.[A-Za-z0-9_-]{40,}$/;
const closedTokensKept = 10_000;

/** Why a token stopped being valid: 'timedOut' answers TaskTimedOut, 'closed' TaskDoesNotExist. */
export type TokenClosure = 'timedOut' | 'closed';

/**
 * The task tokens of `.waitForTaskToken` attempts: an open token lets SendTask* reach its attempt;
 * the most recent closed ones are remembered to answer why a late SendTask* is refused.
 */
export class TaskTokens {
  /** Stands for `$$.Task.Token` in the context object; each callback attempt swaps in its own token. */
  readonly placeholder = `local-sfn-task-token-${randomUUID()}`;
  private readonly open = new Map<string, TaskAttempt>();
  private readonly closed = new Map<string, TokenClosure>();

  /** A new token for the attempt, valid until closed. */
  issue(attempt: TaskAttempt): string {
    const token = `${tokenPrefix}${randomBytes(48).toString('base64url')}`;
    this.open.set(token, attempt);
    return token;
  }

  /** The attempt a SendTask* names; the error Step Functions answers if its token is not open. */
  attempt(token: unknown): TaskAttempt {
    if (typeof token !== 'string' || token === '') throw new AwsServiceError('InvalidToken', 'Invalid Token: taskToken is required');
    const attempt = this.open.get(token);
    if (attempt && !attempt.ended) return attempt;
    const closed = this.closed.get(token);
    if (closed === 'timedOut') throw new AwsServiceError('TaskTimedOut', 'Task Timed Out');
    if (closed === 'closed') throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    if (!tokenPattern.test(token)) throw new AwsServiceError('InvalidToken', `Invalid Token: '${token}'`);
    throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  close(token: string, reason: TokenClosure): void {
    this.open.delete(token);
    this.closed.set(token, reason);
    if (this.closed.size > closedTokensKept) {
      const oldest = this.closed.keys().next();
      if (!oldest.done) this.closed.delete(oldest.value);
    }
  }

  /** The task parameters with the attempt's token wherever they reference `$$.Task.Token`. */
  substitute(parameters: JsonValue, token: string): JsonValue {
    return replaceDeep(parameters, this.placeholder, token);
  }
}

/** Replaces `placeholder` in every string of a JSON value. */
function replaceDeep(value: JsonValue, placeholder: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.includes(placeholder) ? value.split(placeholder).join(replacement) : value;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, placeholder, replacement));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v as JsonValue, placeholder, replacement)]));
  }
  return value;
}
