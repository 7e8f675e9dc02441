import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';

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

/**
 * Indexes of the transaction's actions whose condition failed, or undefined when the error
 * is not a cancelled transaction. TransactionConflictException (which DynamoDB Local never
 * raises) becomes ConcurrentTransactionError.
 */
export function failedConditions(error: unknown): number[] | undefined {
  if (error instanceof TransactionConflictException) throw new ConcurrentTransactionError(error.message);
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
    throw new ConcurrentTransactionError('a concurrent transaction touched the same items');
  }
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}
