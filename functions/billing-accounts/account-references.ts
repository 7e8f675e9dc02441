import { countedReferencesOf, referenceCountChanges, resolveReferences, storedRecordsNamed, type BillStructureInput, type ResolvedReferences } from '../../domain/accounts/billing-account-references.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { findAccountRecords, referenceCountUpdates } from '../lib/store/account-record-store.js';

/**
 * A billing account request's `billStructure` and `financialAccount`, resolved against the
 * records they name (one BatchGetItem for the stored ones; none when it names only built-in
 * ones or nothing), or the 400 naming each one it cannot use.
 */
export async function resolveAccountReferences(
  request: { billStructure?: BillStructureInput | undefined; financialAccount?: { id: string } | null | undefined },
  context: { ownerId: string; now: string },
): Promise<ResolvedReferences> {
  if (request.billStructure === undefined && request.financialAccount === undefined) return {};
  const found = await findAccountRecords(storedRecordsNamed(request));
  return resolveReferences(request, (kind, id) => found.get(`${kind}#${id}`), context);
}

/** The transaction items that move the reference counts from what `before` referred to to what `after` does. */
export function referenceCountItems(before: BillingAccount | undefined, after: BillingAccount) {
  return referenceCountUpdates(referenceCountChanges(before ? countedReferencesOf(before) : [], countedReferencesOf(after)));
}
