import { kitIds, kits, type KitId } from './ctk-kits.js';
import type { CtkData } from './ctk-data.js';
import type { KitConfig } from './kit-preparation.js';

/**
 * Each kit's config.json for this system: all that an implementer may configure (SOURCES.md of
 * specs/tmf-ctk). The API root is the system's URL with the kit's TMF base path; the headers are
 * the kits' own (`Accept` and `Content-Type` JSON) and an `Authorization` bearer token of staff
 * (admin), since the kits create catalog entries, accounts and payments; the payloads are the
 * kits' samples, kept where they already make sense here and made to name the data
 * ctk-data.ts created where they name data (a specification, a party, a customer, an account,
 * an offering), with what this system needs to accept them:
 *
 * - a recurring ProductOfferingPrice carries its `price` and `recurringChargePeriodType` (a
 *   recurring price without an amount and a period cannot be charged);
 * - a Customer carries its `contactMedium` (an e-mail address, and a postal address whose country
 *   its taxes are worked out from);
 * - a ProductOrder's item names the `productOffering` it adds, and its relatedParty the customer
 *   (it names no `billingAccount`, as the kit's sample: the customer's default account is billed);
 * - a BillingAccount is owned by a customer that exists (the kit's second POST, an organization's
 *   account, is accepted as the kit sends it: docs/api.md, "Organization-owned billing accounts");
 * - a Payment says how it was paid (`paymentMethod` `name` `bankTransfer` and a reference) and how
 *   much (`totalAmount` in the account's currency);
 * - a CommunicationMessage is addressed to the customer (`receiver` its id, name and e-mail
 *   address), as an e-mail (the sample's SMS would go to a customer without a phone number by
 *   e-mail anyway: its preferences route it), from a named sender.
 *
 * TMF666's BillFormat, BillingCycleSpecification and FinancialAccount payloads are the kits'
 * samples (a PDF format, a cycle starting on the 1st, a financial account naming no party), with parties that exist. Only the first POST of each resource can be configured:
 * index.js puts no payload into the second POST some kits send (TMF666, TMF676).
 */
export function kitConfigs(apiUrl: string, token: string, data: CtkData): Record<KitId, KitConfig> {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  const { customer, billingAccount, productOffering, productSpecification } = data;
  const postalAddress = { mediumType: 'postalAddress', characteristic: { street1: '1 rue de la Paix', postCode: '75002', city: 'Paris', country: 'FR' } };
  const organization = { '@referredType': 'Organization', id: customer.party.id, name: customer.party.name };
  const accountRef = { id: billingAccount.id, href: billingAccount.href, name: billingAccount.name, '@referredType': 'BillingAccount' };
  const payloads: Record<KitId, Record<string, unknown>> = {
    TMF620: {
      ProductSpecification: { name: 'Cisco Firepower NGFW' },
      ProductOffering: {
        name: 'aProductOffering',
        productSpecification: { id: productSpecification.id, href: productSpecification.href, name: productSpecification.name, '@referredType': 'ProductSpecification' },
      },
      ProductOfferingPrice: {
        name: 'Recurring Charge for Business Firewall',
        isBundle: false,
        priceType: 'recurring',
        price: { unit: 'EUR', value: 25 },
        recurringChargePeriodType: 'month',
        recurringChargePeriodLength: 1,
      },
    },
    TMF622: {
      ProductOrder: {
        productOrderItem: [{ id: '123', action: 'add', productOffering: { id: productOffering.id, name: productOffering.name } }],
        relatedParty: [{ id: customer.id, '@referredType': 'Customer' }],
      },
    },
    TMF629: {
      Customer: {
        name: 'Moon Football Club',
        engagedParty: organization,
        contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: `moon-football-club-${data.runTag}@example.com` } }, postalAddress],
      },
    },
    TMF637: {},
    TMF666: {
      BillFormat: { name: 'Monthly billing' },
      PartyAccount: { name: 'Travel account', relatedParty: [organization] },
      BillingCycleSpecification: { name: 'Monthly billing' },
      FinancialAccount: { name: 'Administration account' },
      BillingAccount: { name: 'Home Account', relatedParty: [{ '@referredType': 'Customer', id: customer.id, name: customer.name }] },
      SettlementAccount: { name: 'Per Usage Account', relatedParty: [organization] },
    },
    TMF676: {
      Payment: {
        account: accountRef,
        paymentMethod: { id: `bank-transfer-${data.runTag}`, name: 'bankTransfer', '@referredType': 'PaymentMethod' },
        totalAmount: { unit: 'EUR', value: 10 },
      },
    },
    TMF678: {
      CustomerBillOnDemand: { billingAccount: accountRef },
    },
    TMF681: {
      CommunicationMessage: {
        content: 'Dear $Parameter1. Here is the information of the promotion $Parameter2',
        messageType: 'email',
        receiver: [{ id: customer.id, name: customer.name, email: customer.email }],
        sender: { name: 'Customer care' },
      },
    },
  };
  const configs = {} as Record<KitId, KitConfig>;
  for (const id of kitIds) {
    configs[id] = {
      url: `${apiUrl.replace(/\/$/, '')}${kits[id].basePath}/`,
      headers,
      payloads: Object.fromEntries(Object.entries(payloads[id]).map(([resource, payload]) => [resource, { POST: { payload } }])),
    };
  }
  return configs;
}
