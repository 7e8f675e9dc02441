import { addCredit } from '../../domain/collections/account-credit.js';
import { goodwillCreditEntry, newGoodwillCredit, type GoodwillCredit } from '../../domain/collections/goodwill-credit.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { GoodwillCreditGranted } from '../../domain/events/collections-events.js';
import { newId } from '../lib/ids.js';
import { accountCreditPut, findAccountCredit } from '../lib/store/account-credit-store.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { findGoodwillCredit, goodwillCreditPut } from '../lib/store/goodwill-credit-store.js';
import { outboxPut } from '../lib/store/outbox.js';
import { retryingLostRaces, send } from '../lib/store/lost-races.js';

/**
 * Granting a goodwill credit (docs/collections.md, "Goodwill credits"): the goodwill credit, the
 * account's credit it adds to, its ledger entry with the balance and GoodwillCreditGranted, in
 * one transaction. The credit is read with its version and written conditionally: credit that
 * moved meanwhile (a bill paid from it, a payment leaving some) is read again and added to anew.
 */
export interface GoodwillCreditToGrant {
  /** Derived from the caller's Idempotency-Key when there is one, so a retry grants it once. */
  goodwillCreditId: string;
  account: BillingAccount;
  amountMinor: bigint;
  reason: string;
  now: string;
  correlationId: string;
}

export function grantGoodwillCredit(input: GoodwillCreditToGrant): Promise<{ goodwillCredit: GoodwillCredit; grantedNow: boolean }> {
  return retryingLostRaces(`goodwill credit ${input.goodwillCreditId}`, async () => {
    const { account, now } = input;
    const customerId = ownerCustomerId(account);
    const goodwillCredit = newGoodwillCredit({ id: input.goodwillCreditId, account, amountMinor: input.amountMinor, reason: input.reason, date: now });
    const credit = await findAccountCredit(account.id);
    const event = GoodwillCreditGranted.create(
      {
        id: goodwillCredit.id,
        href: goodwillCredit.href,
        date: goodwillCredit.date,
        reason: goodwillCredit.reason,
        billingAccountId: account.id,
        customerId,
        amount: goodwillCredit.amount,
        ...(goodwillCredit.testClock ? { testClockId: goodwillCredit.testClock.id } : {}),
      },
      { eventId: newId(), occurredAt: now, correlationId: input.correlationId },
    );
    const actions = [
      goodwillCreditPut(goodwillCredit, customerId),
      accountCreditPut(account.id, addCredit(credit.sources, { paymentId: goodwillCredit.id, from: 'GoodwillCredit', amountMinor: input.amountMinor, since: now }), credit.version),
      ...ledgerEntryActions(goodwillCreditEntry(goodwillCredit)),
      outboxPut(tableName(), event),
    ];
    if ((await send(actions)) === 'written') return { goodwillCredit, grantedNow: true };
    const existing = await findGoodwillCredit(goodwillCredit.id, { consistentRead: true });
    if (!existing) throw new Error(`invariant broken: goodwill credit ${goodwillCredit.id} was refused as a duplicate but does not exist`);
    return { goodwillCredit: existing.goodwillCredit, grantedNow: false };
  });
}
