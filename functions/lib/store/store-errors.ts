import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * The SDK's exceptions are told by their name, which the SDK sets to the service's error code,
 * not by instanceof: importing their classes made every function that can answer an error load
 * the DynamoDB client at its cold start, the public reference functions included, which never
 * touch the table (about 110 ms of init here).
 */
const errorNamed = (error: unknown, name: string): boolean => (error as Error | undefined)?.name === name;

/** The item changed since it was read (its version moved on). */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
}

/** A uniqueness guard (such as a customer's email) is already taken. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(message);
  }
}

/** Another transaction touched the same items at the same moment; retrying is safe. */
export class ConcurrentTransactionError extends Error {
  override readonly name = 'ConcurrentTransactionError';
}

/** Why a transaction was cancelled, when it was. */
export interface TransactionCancellation {
  /** Indexes of the actions whose condition failed. */
  failed: number[];
  /**
   * Another transaction held one of the items meanwhile (TransactionConflictException, or a
   * cancellation reason TransactionConflict): a lost race, nothing wrong with the request.
   * DynamoDB Local never raises it; real DynamoDB does under contention.
   */
  conflict: boolean;
}

/** What cancelled a transaction, or undefined when the error is not a cancelled transaction. */
export function transactionCancellation(error: unknown): TransactionCancellation | undefined {
  if (errorNamed(error, 'TransactionConflictException')) return { failed: [], conflict: true };
  if (!errorNamed(error, 'TransactionCanceledException')) return undefined;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return {
    failed: reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : [])),
    conflict: reasons.some((reason) => reason.Code === 'TransactionConflict'),
  };
}

/**
 * Indexes of the transaction's actions whose condition failed, or undefined when the error
 * is not a cancelled transaction. A conflict with another transaction (which DynamoDB Local never
 * raises) becomes ConcurrentTransactionError: 409 on the API, a retried task in a state machine.
 */
export function failedConditions(error: unknown): number[] | undefined {
  const cancellation = transactionCancellation(error);
  if (cancellation?.conflict) {
    throw new ConcurrentTransactionError(errorNamed(error, 'TransactionConflictException') ? (error as Error).message : 'a concurrent transaction touched the same items');
  }
  return cancellation?.failed;
}

/**
 * Answers that clear up by themselves once the SDK's own retries are spent: DynamoDB throttling
 * or failing on its side, and an SDK call that timed out (the SDK's TimeoutError: it may have
 * been applied, so it is safe to retry only what is idempotent, as everything here is).
 */
const busyStoreErrors = new Set(['ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'ThrottlingException', 'InternalServerError', 'TimeoutError']);

/** The store was busy past the SDK's own retries: not the request's fault; retrying later is safe. */
export function isStoreBusy(error: unknown): boolean {
  return error instanceof Error && busyStoreErrors.has(error.name);
}

/** A transaction cancelled only because another held one of its items: it changed nothing. */
export function isTransactionConflict(error: unknown): boolean {
  const cancellation = transactionCancellation(error);
  return cancellation !== undefined && cancellation.conflict && cancellation.failed.length === 0;
}

/** A single write's condition failed (not a transaction's: see failedConditions). */
export const isConditionFailure = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';
