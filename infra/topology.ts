import { defaultHubRetryPolicy } from '../domain/event-subscriptions/hub-delivery.js';
import { accounts } from './topology/accounts.js';
import { billingContext } from './topology/billing.js';
import { catalog } from './topology/catalog.js';
import { communication } from './topology/communication.js';
import { collections } from './topology/collections.js';
import { composeContexts } from './topology/composition.js';
import { customers } from './topology/customers.js';
import { eventSubscriptions, tmfApisServedBy } from './topology/event-subscriptions.js';
import { onboarding } from './topology/onboarding.js';
import { orders } from './topology/orders.js';
import { payments } from './topology/payments.js';
import { outboxRelay, platform } from './topology/platform.js';
import { pricing } from './topology/pricing.js';
import { productInventory } from './topology/product-inventory.js';
import { provisioning } from './topology/provisioning.js';
import { reports } from './topology/reports.js';
import { revenue } from './topology/revenue.js';
import type { BoundedContext, EventRuleDefinition, FunctionDefinition, RouteDefinition, ScheduleDefinition, StateMachineDefinition } from './topology/shared.js';
import { stock } from './topology/stock.js';
import { supportCases } from './topology/support-cases.js';
import { usage } from './topology/usage.js';

export { outboxRelay } from './topology/platform.js';
export { hubCallbackDeadLetters } from './topology/event-subscriptions.js';
export {
  functionArnSubstitutionKey,
  functionDefaults,
  heapOptionsOf,
  rendersDocuments,
  tableWriteActions,
  writtenKeyPrefixes,
  type BoundedContext,
  type DynamoDbAction,
  type EventRuleDefinition,
  type FunctionDefinition,
  type HttpMethod,
  type KeyPrefix,
  type PerCallerLimit,
  type Permission,
  type RouteDefinition,
  type RuleTarget,
  type ScheduleDefinition,
  type StateMachineDefinition,
  type StatesAction,
  type TableResource,
} from './topology/shared.js';

/**
 * The system's topology, declared once. The CDK app (infra/aws) and the local runtime
 * (infra/local) both read these lists; test/infra/topology-parity.test.ts proves that the
 * synthesized CloudFormation and the local runtime expose the same routes, rules and
 * state machines. Add a use case to its context's module and both targets pick it up.
 *
 * Each bounded context declares its functions, routes, state machines, event rules and
 * schedules in its own module under infra/topology/; this file holds what they share (the
 * table, the bus, the functions' environment) and composes them. A new context is one new
 * module and one entry in `contexts`: on AWS it becomes its own nested stack.
 */

/** The contexts that serve the API's resources; each TMF API among their routes gets a hub. */
const servingContexts: BoundedContext[] = [platform, customers, accounts, catalog, pricing, orders, provisioning, stock, productInventory, payments, onboarding, usage, billingContext, collections, communication, revenue, reports, supportCases];

/** Every bounded context, in the order the targets list their declarations. */
export const contexts: BoundedContext[] = [...servingContexts, eventSubscriptions(tmfApisServedBy(servingContexts))];

const composed = composeContexts(contexts);
export const functions: FunctionDefinition[] = composed.functions;
export const routes: RouteDefinition[] = composed.routes;
export const stateMachines: StateMachineDefinition[] = composed.stateMachines;
export const eventRules: EventRuleDefinition[] = composed.eventRules;
/** Scheduled billing runs arrive with the billing issue; both targets already read this list. */
export const schedules: ScheduleDefinition[] = composed.schedules;

if (!functions.some((definition) => definition.name === outboxRelay.function)) {
  throw new Error(`The outbox relay names an unknown function: ${outboxRelay.function}`);
}

/** The single DynamoDB table: generic keys, overloaded GSIs, stream for the outbox relay. */
export const table = {
  logicalName: 'bss',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  /** NEW_IMAGE is all the outbox relay needs. */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    /** gsi1: every entity of a type, newest first (list endpoints). */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** gsi2: entities owned by a parent (billing accounts of a customer, ...). */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * gsi3, sparse: work waiting for billing, keys removed once done: accounts due for a bill
     * (sharded), unbilled usage per product, a bill's usage, rejected usage; and support cases
     * by status, the agents' queues.
     */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

/** Settings every function gets, on AWS as Lambda environment, locally as process environment. */
export const functionEnvironment = {
  POWERTOOLS_SERVICE_NAME: 'bss',
  POWERTOOLS_METRICS_NAMESPACE: 'Bss',
  /** Terms of a new billing account when the customer states no preference. */
  BSS_DEFAULT_CURRENCY: 'EUR',
  BSS_DEFAULT_TIME_ZONE: 'UTC',
  /** Currencies catalog prices may be in; a price in any other is rejected. */
  BSS_CATALOG_CURRENCIES: 'EUR,GBP,USD',
  /** How long order-to-cash waits for the provisioning system's callback before it fails the item. */
  BSS_PROVISIONING_TIMEOUT_SECONDS: '3600',
  /** How long stock stays reserved for an order that never settles it (a crashed saga); expired reservations are released lazily. */
  BSS_STOCK_RESERVATION_MINUTES: '60',
  /** The simulated provisioning system's answer delay (docs/providers.md). */
  BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '2',
  /** Days from a bill's date to its payment due date, for accounts that set none. */
  BSS_PAYMENT_TERMS_DAYS: '14',
  /** Partitions of the due-accounts index (docs/billing.md): the billing run bills them side by side. Fixed once accounts are armed. */
  BSS_BILLING_DUE_SHARDS: '16',
  /** Due accounts one billing-run task bills, and how many of them at the same time. */
  BSS_BILLING_PAGE_SIZE: '100',
  BSS_BILLING_ACCOUNT_CONCURRENCY: '10',
  /** A hub delivery's retry policy (docs/events.md, "Hub subscriptions"): retries after the first attempt, and for how long after it was signed. */
  BSS_HUB_MAX_RETRY_ATTEMPTS: String(defaultHubRetryPolicy.maximumRetryAttempts),
  BSS_HUB_MAX_EVENT_AGE_SECONDS: String(defaultHubRetryPolicy.maximumEventAgeSeconds),
  /** Never on AWS: hub callbacks are https to public addresses (docs/security.md, "Hub callbacks"). The local runtime sets it, for listeners on the developer's machine. */
  BSS_HUB_ALLOW_LOCAL_CALLBACKS: 'false',
} as const;

export const eventBus = { logicalName: 'bss-events', archiveRetentionDays: 90 } as const;

/** The environment variable that gives a function the ARN of a state machine it starts: BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM. */
export function stateMachineArnVariable(stateMachineName: string): string {
  return `BSS_STATE_MACHINE_ARN_${stateMachineName.replaceAll('-', '_').toUpperCase()}`;
}

/** The state machines a function may start (its states:StartExecution permissions), by name. */
export function startedStateMachines(definition: FunctionDefinition): string[] {
  return definition.permissions.flatMap((permission) =>
    permission.resource.startsWith('state-machine:') && (permission.actions as string[]).includes('states:StartExecution')
      ? [permission.resource.slice('state-machine:'.length)]
      : [],
  );
}

export function functionNamed(name: string): FunctionDefinition {
  const found = functions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`Topology names an unknown function: ${name}`);
  return found;
}

