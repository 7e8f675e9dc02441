import { billingPreferencesOf, type Customer } from '../../domain/customers/customer.js';
import { primaryEmail } from '../../domain/customers/email.js';

/**
 * What customer events carry about the customer: enough for consumers to act without a read.
 * Not its payment methods: no consumer needs them, and card tokens stay out of events.
 */
export function customerSnapshot(customer: Customer) {
  return {
    id: customer.id,
    href: customer.href,
    name: customer.name,
    status: customer.status,
    email: primaryEmail(customer.contactMedium),
    preferences: billingPreferencesOf(customer),
    ...(customer.testClock ? { testClockId: customer.testClock.id } : {}),
  };
}
