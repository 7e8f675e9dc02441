import * as z from '../shared/zod.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * TMF678 CustomerBillOnDemand: staff ask for an account's bill now, off cycle (a closing
 * account, a customer who wants to settle before leaving). It bills what the account owes up to
 * this instant: the regular bills that fell due first, then one `offCycle` bill for the part of
 * the period since the last one. The request is answered `done` with the bill, at once.
 */
export const customerBillOnDemandPath = '/tmf-api/customerBillManagement/v4/customerBillOnDemand';

export const customerBillOnDemandCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  billingAccount: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(1024))),
    name: z.optional(z.string().check(z.maxLength(256))),
    '@referredType': z.optional(z.string().check(z.maxLength(64))),
  }),
  name: z.optional(z.string().check(z.maxLength(256))),
  description: z.optional(z.string().check(z.maxLength(1024))),
  '@type': z.optional(z.literal('CustomerBillOnDemand')),
}));
export type CustomerBillOnDemandCreate = z.infer<typeof customerBillOnDemandCreateSchema>;

export const customerBillOnDemandAccess: WriteAccess = staffWrites;

export interface CustomerBillOnDemand {
  id: string;
  href: string;
  '@type': 'CustomerBillOnDemand';
  name?: string;
  description?: string;
  state: 'inProgress' | 'done' | 'rejected' | 'terminatedWithError';
  billingAccount: { id: string; href: string; name?: string; '@referredType': 'BillingAccount' };
  /** The off-cycle bill it produced. */
  customerBill?: { id: string; href: string; '@referredType': 'CustomerBill' };
  lastUpdate: string;
}

export function billedOnDemand(
  input: CustomerBillOnDemandCreate,
  context: { id: string; now: string; billingAccount: { id: string; href: string; name: string }; bill: { id: string; href: string } },
): CustomerBillOnDemand {
  return {
    id: context.id,
    href: `${customerBillOnDemandPath}/${context.id}`,
    '@type': 'CustomerBillOnDemand',
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    state: 'done',
    billingAccount: { ...context.billingAccount, '@referredType': 'BillingAccount' },
    customerBill: { id: context.bill.id, href: context.bill.href, '@referredType': 'CustomerBill' },
    lastUpdate: context.now,
  };
}
