import * as z from '../shared/zod.js';
import {
  ProductOfferingCreated,
  ProductOfferingDeleted,
  ProductOfferingPriceCreated,
  ProductOfferingPriceDeleted,
  ProductOfferingPriceRetired,
  ProductOfferingPriceUpdated,
  ProductOfferingRetired,
  ProductOfferingUpdated,
  ProductSpecificationDeleted,
  ProductSpecificationRetired,
} from './catalog-events.js';
import {
  AccountCreditApplied,
  AccountRestored,
  CreditNoteIssued,
  AccountSuspended,
  GoodwillCreditGranted,
  BillWrittenOff,
  DunningPaused,
  DunningResumed,
  DunningStopped,
  PaymentFailed,
  PaymentReceived,
  PaymentReminderSent,
  ServiceRestored,
} from './collections-events.js';
import { BillRunCompleted, BillRunRequested, CustomerBillIssued, CustomerBillStateChanged, TestClockAdvanced } from './billing-events.js';
import {
  BillingAccountCreated,
  BillingAccountStateChanged,
  BillingAccountUpdated,
  CommunicationPreferencesChanged,
  CustomerCreated,
  CustomerErased,
  CustomerStatusChanged,
  CustomerTaxJurisdictionChanged,
  CustomerUpdated,
} from './customer-events.js';
import {
  OrderCancellationRequested,
  OrderCancelled,
  OrderCompleted,
  OrderFailed,
  OrderPartiallyCompleted,
  OrderStateChanged,
  ProductOrderCreated,
} from './order-events.js';
import { CustomerWelcomed, OnboardingCompleted, OnboardingFailed, OnboardingRejected, OnboardingStarted } from './onboarding-events.js';
import { PaymentAuthorizationVoided, PaymentCaptured, RefundIssued } from './payment-events.js';
import { RevenueMonthClosed } from './revenue-events.js';
import { ZoneTableCreated, ZoneTableVersionPublished } from './zone-table-events.js';
import { ProductActivated, ProductChanged, ProductStatusChanged, ProductTerminated } from './product-inventory-events.js';
import { SupportCaseNoteAdded, SupportCaseOpened, SupportCaseStatusChanged, SupportCaseUpdated } from './support-case-events.js';

/** Every event the BSS publishes; subscribers get their JSON Schemas from here. */
export const eventCatalog = [
  CustomerCreated,
  CustomerUpdated,
  CustomerStatusChanged,
  CustomerErased,
  CustomerTaxJurisdictionChanged,
  CommunicationPreferencesChanged,
  BillingAccountCreated,
  BillingAccountUpdated,
  BillingAccountStateChanged,
  ProductOfferingCreated,
  ProductOfferingUpdated,
  ProductOfferingRetired,
  ProductOfferingPriceCreated,
  ProductOfferingPriceUpdated,
  ProductOfferingPriceRetired,
  ProductOfferingDeleted,
  ProductOfferingPriceDeleted,
  ProductSpecificationRetired,
  ProductSpecificationDeleted,
  ZoneTableCreated,
  ZoneTableVersionPublished,
  OnboardingStarted,
  OnboardingRejected,
  OnboardingFailed,
  OnboardingCompleted,
  CustomerWelcomed,
  ProductStatusChanged,
  ProductActivated,
  ProductTerminated,
  ProductChanged,
  PaymentCaptured,
  RefundIssued,
  PaymentAuthorizationVoided,
  ProductOrderCreated,
  OrderStateChanged,
  OrderCompleted,
  OrderPartiallyCompleted,
  OrderFailed,
  OrderCancelled,
  OrderCancellationRequested,
  CustomerBillIssued,
  CustomerBillStateChanged,
  BillRunRequested,
  BillRunCompleted,
  TestClockAdvanced,
  PaymentReceived,
  AccountCreditApplied,
  CreditNoteIssued,
  GoodwillCreditGranted,
  PaymentFailed,
  PaymentReminderSent,
  AccountSuspended,
  AccountRestored,
  BillWrittenOff,
  DunningPaused,
  DunningResumed,
  DunningStopped,
  ServiceRestored,
  RevenueMonthClosed,
  SupportCaseOpened,
  SupportCaseStatusChanged,
  SupportCaseNoteAdded,
  SupportCaseUpdated,
];

/** JSON Schema (draft 2020-12) of each event's `detail`, keyed by `<source>/<detail-type>`. */
export function eventJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    eventCatalog.map((event) => [
      `${event.source}/${event.detailType}`,
      { title: event.detailType, 'x-source': event.source, 'x-schema-version': event.schemaVersion, ...z.toJSONSchema(event.detailSchema) },
    ]),
  );
}
