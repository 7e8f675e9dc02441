import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { documentClient } from './dynamo-client.js';
import { transactionCancellation } from './store-errors.js';

/**
 * How a fact is written (a payment, a refund, credit applied, a bill's delivery): read what it
 * changes with its versions, write it all in one transaction conditional on them, and when
 * another writer got there first (a lost race), read again and decide anew, a few times.
 */

/** Attempts when what a fact changes keeps moving under it. */
const attempts = 8;

/** Another writer changed what the transaction was conditional on: read again and retry. */
export class LostRace extends Error {
  override readonly name = 'LostRace';
}

/** Runs `attempt` again (after a short jittered wait) while it loses races, up to a few times. */
export async function retryingLostRaces<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof LostRace) || tried >= attempts) throw error instanceof LostRace ? new Error(`${what}: what it changes kept moving (${tried} attempts)`) : error;
      await sleep(Math.random() * 20 * 2 ** tried);
    }
  }
}

/** Sends a transaction whose first action creates a fact: `duplicate` when it exists already; a lost race on a later action throws LostRace. */
export async function send(actions: Record<string, unknown>[]): Promise<'written' | 'duplicate'> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
    return 'written';
  } catch (error) {
    const cancellation = transactionCancellation(error);
    if (!cancellation) throw error;
    if (cancellation.failed.includes(0)) return 'duplicate';
    throw new LostRace(`transaction cancelled (${cancellation.failed.join(', ') || 'conflict'})`);
  }
}
