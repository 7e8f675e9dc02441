import { resolve } from 'node:path';

/**
 * TM Forum's v4 Conformance Test Kits the project keeps in specs/tmf-ctk/ (unchanged, with their
 * LICENSE and provenance), one per TMF API the BSS serves that a kit exists for. What each kit's
 * own `ctk/index.js` hard-codes is written here as data, so that the runner (ctk-cli.ts) can do
 * what index.js does without the kit's files being touched: the collection it loads, the
 * environment variable it points at the configured URL, and for each resource of `config.json`'s
 * payloads, the folder whose first request's body the payload replaces.
 * test/unit/ctk/ctk-kits.test.ts reads every index.js and checks it says the same.
 */
export const kitsDirectory = resolve(import.meta.dirname, '../../specs/tmf-ctk');

export interface Kit {
  id: KitId;
  title: string;
  /** The TMF API's base path the API root URL ends with (followed by `/`: the collections append the resource name). */
  basePath: string;
  /** The Postman collection in the kit's `ctk/` folder. */
  collection: string;
  /** The variable of `ctk/TMFENV-V4.0.0.postman_environment.json` index.js sets to config.json's `url`. */
  environmentKey: string;
  /** config.json payload resource → index of the folder whose first request's raw body index.js replaces with it. */
  payloadFolders: Readonly<Record<string, number>>;
}

export const kitIds = ['TMF620', 'TMF622', 'TMF629', 'TMF637', 'TMF666', 'TMF676', 'TMF678', 'TMF681'] as const;
export type KitId = (typeof kitIds)[number];

export const kits: Readonly<Record<KitId, Kit>> = {
  TMF620: {
    id: 'TMF620',
    title: 'Product Catalog',
    basePath: '/tmf-api/productCatalogManagement/v4',
    collection: 'CTK-Product_Catalog-4.0.0.postman_collection.json',
    environmentKey: 'Product_Catalog',
    payloadFolders: { ProductSpecification: 0, ProductOffering: 3, ProductOfferingPrice: 6 },
  },
  TMF622: {
    id: 'TMF622',
    title: 'Product Ordering',
    basePath: '/tmf-api/productOrderingManagement/v4',
    collection: 'TMF622-ProductOrdering-v4.0.0.testkit.json',
    environmentKey: 'Product_Ordering',
    payloadFolders: { ProductOrder: 0 },
  },
  TMF629: {
    id: 'TMF629',
    title: 'Customer',
    basePath: '/tmf-api/customerManagement/v4',
    collection: 'CTK-Customer-4.0.0.postman_collection.json',
    environmentKey: 'Customer',
    payloadFolders: { Customer: 0 },
  },
  TMF637: {
    id: 'TMF637',
    title: 'Product Inventory',
    basePath: '/tmf-api/productInventory/v4',
    collection: 'TMF637-ProductInventory-v4.0.0.testkit.json',
    environmentKey: 'Product_Inventory',
    // Its index.js validates config.json's payloads but puts none into the collection (it has no POST).
    payloadFolders: {},
  },
  TMF666: {
    id: 'TMF666',
    title: 'Account',
    basePath: '/tmf-api/accountManagement/v4',
    collection: 'CTK-Account-4.0.0.postman_collection.json',
    environmentKey: 'Account',
    payloadFolders: { BillFormat: 0, PartyAccount: 3, BillingCycleSpecification: 6, FinancialAccount: 9, BillingAccount: 12, SettlementAccount: 17 },
  },
  TMF676: {
    id: 'TMF676',
    title: 'Payment',
    basePath: '/tmf-api/paymentManagement/v4',
    collection: 'TMF676-Payment-v4.0.0.testkit.json',
    environmentKey: 'Payment',
    payloadFolders: { Payment: 0 },
  },
  TMF678: {
    id: 'TMF678',
    title: 'Customer Bill',
    basePath: '/tmf-api/customerBillManagement/v4',
    collection: 'CTK-Customer_Bill-4.0.postman_collection.json',
    environmentKey: 'Customer_Bill',
    payloadFolders: { CustomerBill: 0, CustomerBillOnDemand: 3, AppliedCustomerBillingRate: 6 },
  },
  TMF681: {
    id: 'TMF681',
    title: 'Communication',
    basePath: '/tmf-api/communicationManagement/v4',
    collection: 'TMF681-Communication-v4.0.0.testkit.json',
    environmentKey: 'Communication',
    payloadFolders: { CommunicationMessage: 0 },
  },
};

/** A kit's `ctk/` folder, where index.js, the collection, the environment and the payload schemas are. */
export const kitFolder = (id: KitId): string => resolve(kitsDirectory, id, 'ctk');
