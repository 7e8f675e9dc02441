import type { CatalogCreate } from '../../domain/catalog/catalog.js';
import type { CategoryCreate } from '../../domain/catalog/category.js';
import type { ProductOfferingCreate } from '../../domain/catalog/product-offering.js';
import type { ProductOfferingPriceCreate } from '../../domain/catalog/product-offering-price.js';
import type { CharacteristicValueType, ProductSpecCharacteristic, ProductSpecificationCreate } from '../../domain/catalog/product-specification.js';
import { demoZoneTable } from '../../domain/rating/demo-zone-table.js';
import type { ZoneTableCreate } from '../../domain/rating/zone-table-resource.js';

/**
 * The demo catalog a fresh `npm start` comes with: what a small European mobile and broadband
 * operator sells to consumers. It is data only, TMF620 create bodies; infra/seed/seed-demo-catalog.ts
 * applies it through the API, so every catalog rule and event applies to it as to any client's
 * input. Resources name each other symbolically (`ref('spec:mobile-plan')`); the seeder
 * replaces each reference with the id the API gave the resource it names.
 *
 * Consumer prices are in EUR and include tax (`taxIncluded`), as EU consumer prices must be
 * shown; services are taxed as `telecommunications`, devices as `electronicDevice` (the tax
 * categories of functions/lib/providers/tax-rates.json).
 */

const refMarker = 'demo-ref:';

/** A placeholder for the id of the demo resource `key`, resolved when seeding. */
export const ref = (key: string): string => `${refMarker}${key}`;

/** The demo key a placeholder names, or undefined for any other string. */
export const referencedKey = (value: string): string | undefined => (value.startsWith(refMarker) ? value.slice(refMarker.length) : undefined);

export type DemoKind = 'catalog' | 'category' | 'productSpecification' | 'productOffering' | 'productOfferingPrice';

/** `key` names the resource for references: `<kind>:<slug>` (`spec:mobile-plan`, `price:mobile-m-monthly`). */
export type DemoResource =
  | { kind: 'catalog'; key: string; body: CatalogCreate }
  | { kind: 'category'; key: string; body: CategoryCreate }
  | { kind: 'productSpecification'; key: string; body: ProductSpecificationCreate }
  | { kind: 'productOffering'; key: string; body: ProductOfferingCreate }
  | { kind: 'productOfferingPrice'; key: string; body: ProductOfferingPriceCreate };

/** Everything is on sale from the start of 2026, so quotes for any date this year find it. */
const onSaleSince = { startDateTime: '2026-01-01T00:00:00Z' };
/** The launch promotion's sale window: November 2026 to the end of February 2027. */
const promotionWindow = { startDateTime: '2026-11-01T00:00:00Z', endDateTime: '2027-03-01T00:00:00Z' };

const eur = (value: number) => ({ unit: 'EUR', value });
const telecommunications = [{ taxCategory: 'telecommunications' }];
const electronicDevice = [{ taxCategory: 'electronicDevice' }];
const launched = { lifecycleStatus: 'Launched' as const };

const category = (key: string, name: string, description: string): DemoResource => ({
  kind: 'category',
  key: `category:${key}`,
  body: { name, description, isRoot: true, ...launched, validFor: onSaleSince },
});

const monthly = (key: string, name: string, value: number): DemoResource => ({
  kind: 'productOfferingPrice',
  key: `price:${key}`,
  body: {
    name,
    priceType: 'recurring',
    price: eur(value),
    recurringChargePeriodType: 'month',
    recurringChargePeriodLength: 1,
    tax: telecommunications,
    taxIncluded: true,
    ...launched,
    validFor: onSaleSince,
  },
});

/**
 * Data beyond the plan's allowance, charged in arrears per GB: the first 10 GB over at 2.00,
 * every further GB at 1.00, so a heavy month is cheaper than an upgrade would be.
 */
const dataOverage = (key: string, name: string, allowanceGb: number): DemoResource => ({
  kind: 'productOfferingPrice',
  key: `price:${key}`,
  body: {
    name,
    description: `Data beyond the ${allowanceGb} GB included each month`,
    priceType: 'usage',
    unitOfMeasure: { amount: 1, units: 'GB' },
    chargeModel: 'graduated',
    includedQuantity: allowanceGb,
    priceTier: [
      { fromQuantity: 0, toQuantity: 10, price: eur(2) },
      { fromQuantity: 10, price: eur(1) },
    ],
    tax: telecommunications,
    taxIncluded: true,
    ...launched,
    validFor: onSaleSince,
  },
});

/**
 * Calls (docs/rating.md): national calls, and calls roaming in the EU/EEA ("roam like at
 * home"), are in every plan; freephone numbers are free; the rest is charged call by call,
 * zoned by the demo zone table and banded on the account's clock: weekdays 08:00-20:00 are
 * peak, nights, weekends and French public holidays off-peak.
 */
const zoneTable = { id: demoZoneTable.id };
const frenchHolidays = ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
  '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'];
const demoTimeBands = {
  weekdays: [
    { from: '00:00', band: 'off-peak' },
    { from: '08:00', band: 'peak' },
    { from: '20:00', band: 'off-peak' },
  ],
  weekend: [{ from: '00:00', band: 'off-peak' }],
  holidays: { dates: frenchHolidays, schedule: [{ from: '00:00', band: 'off-peak' }] },
};

const callPrice = (key: string, name: string, description: string, body: Omit<ProductOfferingPriceCreate, 'name' | 'description' | 'priceType'>): DemoResource => ({
  kind: 'productOfferingPrice',
  key: `price:${key}`,
  body: { name, description, priceType: 'usage', tax: telecommunications, taxIncluded: true, ...launched, validFor: onSaleSince, ...body },
});

const callPrices: DemoResource[] = [
  callPrice('national-calls', 'National calls', 'Calls to French numbers, at home or roaming in the EU/EEA: unlimited', {
    price: eur(0),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: { zoneTable, appliesTo: { zones: ['national-fixed', 'national-mobile'], roamingZones: ['home', 'roam-eu-eea'] } },
  }),
  callPrice('freephone-calls', 'Freephone calls', 'Calls to 0800 and 0805 numbers: free, from anywhere', {
    price: eur(0),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: { zoneTable, appliesTo: { zones: ['freephone'] } },
  }),
  callPrice('international-calls', 'International calls', 'Calls abroad from France: 0.60 a minute at peak, 0.30 off-peak, per started minute, at most 15.00 a call', {
    price: eur(0.6),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: {
      zoneTable,
      appliesTo: { zones: ['eu-eea', 'world-1', 'world-2'], roamingZones: ['home', 'roam-eu-eea'] },
      timeBands: demoTimeBands,
      bandPrices: [{ band: 'off-peak', price: eur(0.3) }],
      increments: { first: 60, next: 60 },
      maximumPerCall: eur(15),
    },
  }),
  callPrice('premium-calls', 'Premium numbers', 'Calls to 089 numbers: 0.80 a minute by the second after the first 30 s, plus 0.50 a call', {
    price: eur(0.8),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: { zoneTable, appliesTo: { zones: ['premium'] }, increments: { first: 30, next: 1 }, connectFee: eur(0.5) },
  }),
  callPrice('roaming-world-calls', 'Calls roaming outside the EU', 'Every call made roaming outside the EU/EEA: 2.00 a minute, by 30 s', {
    price: eur(2),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: { zoneTable, appliesTo: { roamingZones: ['roam-world'] }, weight: 10, increments: { first: 30, next: 30 } },
  }),
  callPrice('maritime-calls', 'Calls at sea', 'Every call made from a ship’s network: 5.00 a minute, by the minute, plus 1.00 a call', {
    price: eur(5),
    unitOfMeasure: { amount: 1, units: 'minute' },
    rating: { zoneTable, appliesTo: { roamingZones: ['roam-maritime'] }, weight: 20, increments: { first: 60, next: 60 }, connectFee: eur(1) },
  }),
];

const callPriceRefs = [
  ['national-calls', 'National calls'],
  ['freephone-calls', 'Freephone calls'],
  ['international-calls', 'International calls'],
  ['premium-calls', 'Premium numbers'],
  ['roaming-world-calls', 'Calls roaming outside the EU'],
  ['maritime-calls', 'Calls at sea'],
] as const;

const specRef = (key: string, name: string) => ({ id: ref(`spec:${key}`), name });
const categoryRef = (key: string, name: string) => ({ id: ref(`category:${key}`), name });
const priceRef = (key: string, name: string) => ({ id: ref(`price:${key}`), name });
const offeringRef = (key: string, name: string) => ({ id: ref(`offering:${key}`), name });

/** Fixes one characteristic of the offering's specification to one value (the plan's allowance, ...). */
const fixedValue = (spec: { id: string; name: string }, name: string, value: string | number, unitOfMeasure?: string) => ({
  name,
  productSpecification: spec,
  productSpecCharacteristicValue: [{ value, isDefault: true, ...(unitOfMeasure ? { unitOfMeasure } : {}) }],
});

const characteristic = (
  name: string,
  description: string,
  valueType: CharacteristicValueType,
  values: Array<string | number>,
  unitOfMeasure?: string,
): ProductSpecCharacteristic => ({
  name,
  description,
  valueType,
  configurable: values.length > 1,
  minCardinality: 1,
  maxCardinality: 1,
  productSpecCharacteristicValue: values.map((value, index) => ({
    value,
    valueType,
    isDefault: index === 0,
    ...(unitOfMeasure ? { unitOfMeasure } : {}),
  })),
});

/** Physical goods carry their stock keeping unit; stock and reservations key on it. */
const stockKeepingUnit = (sku: string) => characteristic('stockKeepingUnit', 'Stock keeping unit of the physical item', 'string', [sku]);

const mobilePlan = specRef('mobile-plan', 'Mobile plan');

interface MobilePlan {
  size: 'S' | 'M' | 'L';
  monthlyEur: number;
  allowanceGb: number;
  speed: string;
  roaming: string;
}

const mobilePlans: MobilePlan[] = [
  { size: 'S', monthlyEur: 10, allowanceGb: 5, speed: '4G', roaming: 'EU' },
  { size: 'M', monthlyEur: 20, allowanceGb: 20, speed: '5G', roaming: 'EU' },
  { size: 'L', monthlyEur: 30, allowanceGb: 50, speed: '5G', roaming: 'EU and worldwide' },
];

function mobileOffering(plan: MobilePlan): DemoResource[] {
  const slug = `mobile-${plan.size.toLowerCase()}`;
  const name = `Mobile ${plan.size}`;
  return [
    monthly(`${slug}-monthly`, `${name} monthly`, plan.monthlyEur),
    dataOverage(`${slug}-data-overage`, `${name} data overage`, plan.allowanceGb),
    {
      kind: 'productOffering',
      key: `offering:${slug}`,
      body: {
        name,
        description: `${plan.allowanceGb} GB of ${plan.speed} data a month, national calls and texts unlimited, roaming ${plan.roaming}`,
        isBundle: false,
        isSellable: true,
        ...launched,
        validFor: onSaleSince,
        productSpecification: mobilePlan,
        category: [categoryRef('mobile', 'Mobile')],
        prodSpecCharValueUse: [
          fixedValue(mobilePlan, 'dataAllowance', plan.allowanceGb, 'GB'),
          fixedValue(mobilePlan, 'speed', plan.speed),
          fixedValue(mobilePlan, 'roaming', plan.roaming),
        ],
        productOfferingPrice: [
          priceRef(`${slug}-monthly`, `${name} monthly`),
          priceRef(`${slug}-data-overage`, `${name} data overage`),
          priceRef('mobile-activation', 'Mobile activation fee'),
          priceRef('student-discount', 'Student discount'),
          ...callPriceRefs.map(([key, priceName]) => priceRef(key, priceName)),
          ...(plan.size === 'M' ? [priceRef('mobile-m-launch-promotion', 'Mobile M launch promotion')] : []),
        ],
      },
    },
  ];
}

/** The two broadband offerings differ only in how they are paid. */
function broadbandOffering(slug: string, name: string, payment: string, price: { id: string; name: string }): DemoResource {
  const broadband = specRef('broadband', 'Home broadband');
  return {
    kind: 'productOffering',
    key: `offering:${slug}`,
    body: {
      name,
      description: `Fibre up to 1 Gbit/s with Wi-Fi router, ${payment}`,
      isBundle: false,
      isSellable: true,
      ...launched,
      validFor: onSaleSince,
      productSpecification: broadband,
      category: [categoryRef('broadband', 'Broadband')],
      prodSpecCharValueUse: [fixedValue(broadband, 'downloadSpeed', 1000, 'Mbps')],
      productOfferingPrice: [price],
    },
  };
}

export const demoCatalog: readonly DemoResource[] = [
  category('mobile', 'Mobile', 'Mobile plans and SIM cards'),
  category('broadband', 'Broadband', 'Fibre broadband at home'),
  category('devices', 'Devices', 'Handsets'),
  category('bundles', 'Bundles', 'Home and mobile together, for less'),

  {
    kind: 'productSpecification',
    key: 'spec:mobile-plan',
    body: {
      name: 'Mobile plan',
      description: 'A mobile subscription: voice, SMS and a monthly data allowance',
      brand: 'BSS Telecom',
      productNumber: 'MOB-PLAN',
      isBundle: false,
      ...launched,
      validFor: onSaleSince,
      productSpecCharacteristic: [
        characteristic('dataAllowance', 'Data included each month', 'number', [5, 20, 50], 'GB'),
        characteristic('speed', 'Radio access technology', 'string', ['4G', '5G']),
        characteristic('roaming', 'Where roaming is included', 'string', ['EU', 'EU and worldwide']),
        {
          // Free text: the number to port in; left out, provisioning assigns a new one. The simulated
          // provisioning system fails numbers ending in 0000 and never answers for 9999 (docs/providers.md).
          name: 'phoneNumber',
          description: 'The mobile number to port in; leave it out for a new number',
          valueType: 'string',
          configurable: true,
          minCardinality: 0,
          maxCardinality: 1,
          regex: '^\\+[1-9][0-9]{6,14}$',
        },
      ],
    },
  },
  {
    kind: 'productSpecification',
    key: 'spec:broadband',
    body: {
      name: 'Home broadband',
      description: 'Fibre to the home with a Wi-Fi router',
      brand: 'BSS Telecom',
      productNumber: 'FTTH',
      isBundle: false,
      ...launched,
      validFor: onSaleSince,
      productSpecCharacteristic: [characteristic('downloadSpeed', 'Maximum download speed', 'number', [1000, 300], 'Mbps')],
    },
  },
  {
    kind: 'productSpecification',
    key: 'spec:sim-card',
    body: {
      name: 'SIM card',
      description: 'The SIM that carries the mobile line, as a card or an eSIM profile',
      brand: 'BSS Telecom',
      productNumber: 'SIM',
      isBundle: false,
      ...launched,
      validFor: onSaleSince,
      productSpecCharacteristic: [characteristic('format', 'SIM form factor', 'string', ['nano', 'eSIM']), stockKeepingUnit('SIM-NANO-5G')],
    },
  },
  {
    kind: 'productSpecification',
    key: 'spec:handset',
    body: {
      name: 'Nova X smartphone',
      description: '6.1-inch 5G smartphone',
      brand: 'Nova',
      productNumber: 'NOVA-X',
      isBundle: false,
      ...launched,
      validFor: onSaleSince,
      productSpecCharacteristic: [
        characteristic('colour', 'Finish', 'string', ['Black', 'Gold']),
        characteristic('storage', 'Storage capacity', 'number', [128, 256], 'GB'),
        stockKeepingUnit('NOVA-X'),
      ],
    },
  },

  {
    kind: 'productOfferingPrice',
    key: 'price:mobile-activation',
    body: {
      name: 'Mobile activation fee',
      description: 'Charged once when a mobile line is activated',
      priceType: 'oneTime',
      price: eur(15),
      tax: telecommunications,
      taxIncluded: true,
      ...launched,
      validFor: onSaleSince,
    },
  },
  {
    kind: 'productOfferingPrice',
    key: 'price:student-discount',
    body: {
      name: 'Student discount',
      description: '20 % off the monthly price for students',
      priceType: 'discount',
      percentage: 20,
      marketSegment: [{ id: 'student', name: 'Students' }],
      ...launched,
      validFor: onSaleSince,
    },
  },
  {
    kind: 'productOfferingPrice',
    key: 'price:mobile-m-launch-promotion',
    body: {
      name: 'Mobile M launch promotion',
      description: '50 % off the first 3 months of Mobile M, when bought before March 2027',
      priceType: 'discount',
      percentage: 50,
      applicationDuration: 3,
      popRelationship: [{ id: ref('price:mobile-m-monthly'), name: 'Mobile M monthly', relationshipType: 'discounts' }],
      ...launched,
      validFor: promotionWindow,
    },
  },
  ...callPrices,
  ...mobilePlans.flatMap(mobileOffering),

  {
    kind: 'productOffering',
    key: 'offering:sim-card',
    body: {
      name: 'SIM card',
      description: 'A nano SIM or an eSIM for a mobile line',
      isBundle: false,
      isSellable: true,
      ...launched,
      validFor: onSaleSince,
      productSpecification: specRef('sim-card', 'SIM card'),
      category: [categoryRef('mobile', 'Mobile')],
      productOfferingPrice: [priceRef('sim-card', 'SIM card')],
    },
  },
  {
    kind: 'productOfferingPrice',
    key: 'price:sim-card',
    body: {
      name: 'SIM card',
      priceType: 'oneTime',
      price: eur(5),
      tax: electronicDevice,
      taxIncluded: true,
      ...launched,
      validFor: onSaleSince,
    },
  },

  monthly('broadband-monthly', 'Home Broadband monthly', 30),
  {
    kind: 'productOfferingPrice',
    key: 'price:broadband-yearly',
    body: {
      name: 'Home Broadband yearly',
      description: 'Twelve months paid upfront: two months free',
      priceType: 'recurring',
      price: eur(300),
      recurringChargePeriodType: 'year',
      recurringChargePeriodLength: 1,
      tax: telecommunications,
      taxIncluded: true,
      ...launched,
      validFor: onSaleSince,
    },
  },
  broadbandOffering('broadband', 'Home Broadband', 'billed monthly', priceRef('broadband-monthly', 'Home Broadband monthly')),
  broadbandOffering('broadband-yearly', 'Home Broadband Yearly', 'paid yearly: two months free', priceRef('broadband-yearly', 'Home Broadband yearly')),

  {
    kind: 'productOfferingPrice',
    key: 'price:handset',
    body: {
      name: 'Nova X',
      priceType: 'oneTime',
      price: eur(699),
      tax: electronicDevice,
      taxIncluded: true,
      ...launched,
      validFor: onSaleSince,
    },
  },
  {
    kind: 'productOfferingPrice',
    key: 'price:handset-gold',
    body: {
      name: 'Nova X Gold finish',
      description: 'Surcharge for the Gold finish',
      priceType: 'oneTime',
      price: eur(50),
      prodSpecCharValueUse: [
        { name: 'colour', productSpecification: specRef('handset', 'Nova X smartphone'), productSpecCharacteristicValue: [{ value: 'Gold' }] },
      ],
      tax: electronicDevice,
      taxIncluded: true,
      ...launched,
      validFor: onSaleSince,
    },
  },
  {
    kind: 'productOffering',
    key: 'offering:handset',
    body: {
      name: 'Nova X',
      description: 'Nova X 5G smartphone, 128 GB, in Black or Gold',
      isBundle: false,
      isSellable: true,
      ...launched,
      validFor: onSaleSince,
      productSpecification: specRef('handset', 'Nova X smartphone'),
      category: [categoryRef('devices', 'Devices')],
      prodSpecCharValueUse: [
        {
          name: 'colour',
          productSpecification: specRef('handset', 'Nova X smartphone'),
          minCardinality: 1,
          maxCardinality: 1,
          productSpecCharacteristicValue: [
            { value: 'Black', isDefault: true },
            { value: 'Gold', isDefault: false },
          ],
        },
        fixedValue(specRef('handset', 'Nova X smartphone'), 'storage', 128, 'GB'),
      ],
      productOfferingPrice: [priceRef('handset', 'Nova X'), priceRef('handset-gold', 'Nova X Gold finish')],
    },
  },

  {
    kind: 'productOfferingPrice',
    key: 'price:home-mobile-discount',
    body: {
      name: 'Home + Mobile discount',
      description: '10 % off the monthly prices of the bundled broadband and mobile lines',
      priceType: 'discount',
      percentage: 10,
      ...launched,
      validFor: onSaleSince,
    },
  },
  {
    kind: 'productOffering',
    key: 'offering:home-mobile',
    body: {
      name: 'Home + Mobile',
      description: 'Home Broadband with one to four Mobile M lines, 10 % off every month',
      isBundle: true,
      isSellable: true,
      ...launched,
      validFor: onSaleSince,
      category: [categoryRef('bundles', 'Bundles')],
      bundledProductOffering: [
        {
          ...offeringRef('broadband', 'Home Broadband'),
          bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1, numberRelOfferDefault: 1 },
        },
        {
          ...offeringRef('mobile-m', 'Mobile M'),
          bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 },
        },
      ],
      productOfferingPrice: [priceRef('home-mobile-discount', 'Home + Mobile discount')],
    },
  },

  {
    kind: 'catalog',
    key: 'catalog:consumer',
    body: {
      name: 'Consumer',
      description: 'Mobile, broadband and devices for consumers',
      catalogType: 'ProductCatalog',
      ...launched,
      validFor: onSaleSince,
      category: [
        categoryRef('mobile', 'Mobile'),
        categoryRef('broadband', 'Broadband'),
        categoryRef('devices', 'Devices'),
        categoryRef('bundles', 'Bundles'),
      ],
    },
  },
];

/**
 * The zone tables usage prices choose by (docs/rating.md): the demo operator's, under its
 * fixed id `demo-zones`, so prices and tests name it without a lookup. Seeded before the
 * resources above, which may refer to its zones.
 */
export const demoZoneTables: readonly ZoneTableCreate[] = [
  {
    id: demoZoneTable.id,
    name: demoZoneTable.name,
    description: 'French numbers by their first digits, EU/EEA and world zones; roaming in the EU/EEA, the rest of the world and at sea',
    versions: demoZoneTable.versions,
  },
];
