import { describe, expect, it } from 'vitest';
import { kitConfigs } from '../../ctk/ctk-configs.js';
import type { CtkData } from '../../ctk/ctk-data.js';
import { kitIds, kits } from '../../ctk/ctk-kits.js';
import { loadKitFiles, prepareKitRun, type KitConfig } from '../../ctk/kit-preparation.js';

const data: CtkData = {
  runTag: 'abcd1234',
  productSpecification: { id: 'spec-1', href: '/tmf-api/productCatalogManagement/v4/productSpecification/spec-1', name: 'Business firewall' },
  productOffering: { id: 'offering-1', href: '/tmf-api/productCatalogManagement/v4/productOffering/offering-1', name: 'Home Broadband' },
  customer: {
    id: 'customer-1',
    href: '/tmf-api/customerManagement/v4/customer/customer-1',
    name: 'Conformance Test Organization',
    email: 'ctk-organization-abcd1234@example.com',
    party: { id: 'organization-abcd1234', name: 'Conformance Test Organization' },
  },
  billingAccount: { id: 'account-1', href: '/tmf-api/accountManagement/v4/billingAccount/account-1', name: 'Conformance test account' },
  unpaidBill: { id: 'account-2-20260131230000000', state: 'sent' },
};
const configs = kitConfigs('http://localhost:3000/', 'the-token', data);

describe('a kit run prepared as its index.js prepares it', () => {
  it('puts config.json headers on every request, points the API variable at the URL, and the payloads into the first POSTs', () => {
    const files = loadKitFiles(kits.TMF620);
    const before = JSON.stringify(files);
    const { collection, environment } = prepareKitRun(kits.TMF620, files, configs.TMF620);

    const headers = [
      { key: 'Accept', value: 'application/json' },
      { key: 'Content-Type', value: 'application/json' },
      { key: 'Authorization', value: 'Bearer the-token' },
    ];
    for (const folder of collection.item) for (const request of folder.item!) expect(request.request.header).toEqual(headers);
    expect(environment.name).toBe('TMForumv4');
    expect(environment.values.find((variable) => variable.key === 'Product_Catalog')?.value).toBe('http://localhost:3000/tmf-api/productCatalogManagement/v4/');
    const body = (folder: number) => JSON.parse(collection.item[folder]!.item![0]!.request.body!.raw!) as Record<string, unknown>;
    expect(collection.item[3]!.item![0]!.request.method).toBe('POST');
    expect(body(3)).toEqual(configs.TMF620.payloads.ProductOffering!.POST.payload);
    expect(body(0)).toEqual({ name: 'Cisco Firepower NGFW' });
    expect(body(6)).toMatchObject({ priceType: 'recurring', price: { unit: 'EUR', value: 25 } });
    // The kit's own files, as loaded, are left as they were.
    expect(JSON.stringify(files)).toBe(before);
  });

  it("stops, as index.js does, on a payload its schema refuses, one it has no schema for, and one for a request without a body", () => {
    const payloads = (resource: string, payload: unknown): KitConfig => ({ ...configs.TMF629, payloads: { [resource]: { POST: { payload } } } });
    expect(() => prepareKitRun(kits.TMF629, loadKitFiles(kits.TMF629), payloads('Customer', { name: 'No party' }))).toThrow(/Resource Customer on config.json .*engagedParty/);
    expect(() => prepareKitRun(kits.TMF629, loadKitFiles(kits.TMF629), payloads('Individual', { name: 'x' }))).toThrow(/no schemas\/Individual\.schema\.json/);
    // TMF678's index.js would write CustomerBill's payload into its first request, a GET.
    expect(() => prepareKitRun(kits.TMF678, loadKitFiles(kits.TMF678), { ...configs.TMF678, payloads: { CustomerBill: { POST: { payload: { billDocument: [{ id: 'document-1' }], billingAccount: { id: 'account-1' } } } } } })).toThrow(
      /without a body/,
    );
  });
});

describe("this system's kit configurations", () => {
  it.each(kitIds)('%s: the API root with its base path, the token, and payloads its schemas accept', (id) => {
    expect(configs[id].url).toBe(`http://localhost:3000${kits[id].basePath}/`);
    expect(configs[id].headers.Authorization).toBe('Bearer the-token');
    expect(() => prepareKitRun(kits[id], loadKitFiles(kits[id]), configs[id])).not.toThrow();
  });

  it('name the data created for them', () => {
    const payload = (id: keyof typeof configs, resource: string) => configs[id].payloads[resource]!.POST.payload as Record<string, unknown>;
    expect(payload('TMF620', 'ProductOffering')).toMatchObject({ productSpecification: { id: 'spec-1' } });
    // The kit's sample with an offering and the customer named: its default account is billed.
    expect(payload('TMF622', 'ProductOrder')).toEqual({
      relatedParty: [{ id: 'customer-1', '@referredType': 'Customer' }],
      productOrderItem: [{ id: '123', action: 'add', productOffering: { id: 'offering-1', name: expect.any(String) } }],
    });
    expect(payload('TMF629', 'Customer')).toMatchObject({ engagedParty: { id: 'organization-abcd1234', '@referredType': 'Organization' } });
    expect(payload('TMF666', 'BillingAccount')).toMatchObject({ relatedParty: [{ id: 'customer-1', '@referredType': 'Customer' }] });
    expect(payload('TMF676', 'Payment')).toMatchObject({ account: { id: 'account-1' }, paymentMethod: { name: 'bankTransfer' }, totalAmount: { unit: 'EUR' } });
    expect(payload('TMF678', 'CustomerBillOnDemand')).toMatchObject({ billingAccount: { id: 'account-1' } });
    expect(configs.TMF637.payloads).toEqual({});
  });
});
