import { setTimeout as delay } from 'node:timers/promises';
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents takes 10 entries at most. */
export const entriesPerPut = 10;

/** The entry error codes for a failure on EventBridge's side, after which the same entry may be put again. */
const transientErrorCodes = new Set(['InternalFailure', 'ThrottlingException']);
/** Resends of a refused entry within one call, each after twice the wait of the one before. */
const resends = 3;
const firstResendAfterMs = 50;

export interface RefusedEntry {
  /** The entry's index in the entries given. */
  index: number;
  errorCode: string;
  errorMessage?: string;
}

/**
 * Puts the entries on their buses, ten per PutEvents, and returns those the bus still refused.
 * PutEvents can take some of a call's entries and refuse others; the SDK retries a call that
 * failed, never an entry that was refused, and EventBridge's guide has the caller put those again.
 * So the entries refused for a failure on EventBridge's side are put again, up to three times
 * (50, 100, 200 ms apart), before their caller has to fail and be retried whole: a rule's retry
 * or the stream's would send again every entry already taken, and an event whose every attempt
 * met one refusal would end in a dead-letter queue. A call that fails is thrown, as the SDK left it.
 */
export async function putBusEntries(client: EventBridgeClient, entries: readonly PutEventsRequestEntry[]): Promise<RefusedEntry[]> {
  const refused: RefusedEntry[] = [];
  for (let start = 0; start < entries.length; start += entriesPerPut) {
    let pending = entries.slice(start, start + entriesPerPut).map((entry, offset) => ({ entry, index: start + offset }));
    for (let resend = 0; pending.length > 0; resend += 1) {
      if (resend > 0) await delay(firstResendAfterMs * 2 ** (resend - 1));
      const result = await client.send(new PutEventsCommand({ Entries: pending.map(({ entry }) => entry) }));
      const refusedNow = pending.flatMap(({ entry, index }, position) => {
        const answer = result.Entries?.[position];
        return answer?.ErrorCode ? [{ entry, index, errorCode: answer.ErrorCode, ...(answer.ErrorMessage ? { errorMessage: answer.ErrorMessage } : {}) }] : [];
      });
      const worthResending = resend < resends ? refusedNow.filter(({ errorCode }) => transientErrorCodes.has(errorCode)) : [];
      refused.push(...refusedNow.filter((entry) => !worthResending.includes(entry)).map(({ entry: _entry, ...rest }) => rest));
      pending = worthResending;
    }
  }
  return refused.sort((a, b) => a.index - b.index);
}
