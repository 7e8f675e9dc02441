import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import type { Customer } from '../../../domain/customers/customer.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { Onboarding, OnboardingCreate } from '../../../domain/onboarding/onboarding.js';
import { defaultBillingAccountPuts } from './billing-account-store.js';
import { customerRegistrationPuts, duplicateEmail } from './customer-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { keys, versionedResourceUpdate } from './table-items.js';

/**
 * The onboarding item ONBOARDING#<id>: the resource served over the API, plus the application
 * it carries out (kept beside the resource, not in it). Each step of the state machine writes
 * the next resource conditional on the version it read, together with everything the step
 * changes elsewhere and its events, in one transaction.
 */
export interface StoredOnboarding {
  onboarding: Onboarding;
  application: OnboardingCreate;
  version: number;
}

/** The default account's marker already exists: the customer got a default account some other way. */
export class DefaultAccountExistsError extends Error {
  override readonly name = 'DefaultAccountExistsError';
}

/** Records the accepted application with OnboardingStarted, which starts the state machine. */
export async function insertOnboarding(onboarding: Onboarding, application: OnboardingCreate, event: DomainEvent): Promise<void> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...keys.onboarding(onboarding.id), entityType: 'Onboarding', version: 1, resource: onboarding, application },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(table, event),
        ],
      }),
    );
  } catch (error) {
    failedConditions(error);
    throw error;
  }
}

/** Tasks read consistently: a retry must see what its previous attempt wrote. */
export async function findOnboarding(id: string, options: { consistent?: boolean } = {}): Promise<StoredOnboarding | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.onboarding(id), ...(options.consistent ? { ConsistentRead: true } : {}) }),
  );
  if (!Item) return undefined;
  return { onboarding: Item.resource as Onboarding, application: Item.application as OnboardingCreate, version: Item.version as number };
}

const staleOnboarding = (onboarding: Onboarding, version: number) =>
  new StaleVersionError(`onboarding ${onboarding.id} changed since version ${version}`);

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** The onboarding update first (index 0), then the step's other changes, then its events. */
async function writeStep(next: Onboarding, expectedVersion: number, changes: TransactItem[], events: DomainEvent[]): Promise<number[] | undefined> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          versionedResourceUpdate(table, keys.onboarding(next.id), next, expectedVersion),
          ...changes,
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
    return undefined;
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw staleOnboarding(next, expectedVersion);
    if (failed && failed.length > 0) return failed;
    throw error;
  }
}

/** A step that changes only the onboarding (the credit decision, the first order, the welcome, a failure). */
export async function updateOnboarding(next: Onboarding, expectedVersion: number, events: DomainEvent[]): Promise<void> {
  const failed = await writeStep(next, expectedVersion, [], events);
  if (failed) throw new Error(`onboarding ${next.id}: unexpected failed conditions ${failed.join(', ')}`);
}

/** Registers the customer and claims its email with the step; a taken email is a DuplicateKeyError. */
export async function writeCustomerRegistration(
  next: Onboarding,
  expectedVersion: number,
  registration: { customer: Customer; email: string },
  events: DomainEvent[],
): Promise<void> {
  const puts = customerRegistrationPuts(tableName(), registration.customer, registration.email);
  const failed = await writeStep(next, expectedVersion, puts, events);
  if (failed?.includes(2)) throw duplicateEmail(registration.email);
  if (failed) throw new Error(`onboarding ${next.id}: customer ${registration.customer.id} already exists without its onboarding step`);
}

/** Writes the customer's new state (closed, or validated), conditional on the version read. */
function customerUpdate(customer: Customer, expectedVersion: number): TransactItem {
  return versionedResourceUpdate(tableName(), keys.customer(customer.id), customer, expectedVersion);
}

/** Closes the declined customer with the step. */
export async function writeRejection(
  next: Onboarding,
  expectedVersion: number,
  customer: { customer: Customer; expectedVersion: number },
  events: DomainEvent[],
): Promise<void> {
  const failed = await writeStep(next, expectedVersion, [customerUpdate(customer.customer, customer.expectedVersion)], events);
  if (failed?.includes(1)) throw new StaleVersionError(`customer ${customer.customer.id} changed since version ${customer.expectedVersion}`);
}

/** Validates the approved customer and opens its default account (marker included) with the step. */
export async function writeAccountOpening(
  next: Onboarding,
  expectedVersion: number,
  opening: { customer: Customer; customerVersion: number; account: BillingAccount },
  events: DomainEvent[],
): Promise<void> {
  const table = tableName();
  const changes = [customerUpdate(opening.customer, opening.customerVersion), ...defaultBillingAccountPuts(table, opening.account)];
  const failed = await writeStep(next, expectedVersion, changes, events);
  if (failed?.includes(1)) throw new StaleVersionError(`customer ${opening.customer.id} changed since version ${opening.customerVersion}`);
  if (failed?.includes(2)) throw new DefaultAccountExistsError(`customer ${opening.customer.id} already has a default billing account`);
  if (failed) throw new Error(`onboarding ${next.id}: billing account ${opening.account.id} already exists without its onboarding step`);
}
