import * as z from 'zod';
import {
  ProductOfferingCreated,
  ProductOfferingPriceCreated,
  ProductOfferingPriceRetired,
  ProductOfferingPriceUpdated,
  ProductOfferingRetired,
  ProductOfferingUpdated,
} from './catalog-events.js';
import {
  BillingAccountCreated,
  BillingAccountStateChanged,
  BillingAccountUpdated,
  CustomerCreated,
  CustomerStatusChanged,
  CustomerUpdated,
} from './customer-events.js';

/** Every event the BSS publishes; subscribers get their JSON Schemas from here. */
export const eventCatalog = [
  CustomerCreated,
  CustomerUpdated,
  CustomerStatusChanged,
  BillingAccountCreated,
  BillingAccountUpdated,
  BillingAccountStateChanged,
  ProductOfferingCreated,
  ProductOfferingUpdated,
  ProductOfferingRetired,
  ProductOfferingPriceCreated,
  ProductOfferingPriceUpdated,
  ProductOfferingPriceRetired,
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
