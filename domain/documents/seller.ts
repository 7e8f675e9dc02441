import * as z from '../shared/zod.js';

/**
 * The legal entity that issues bills and credit notes (docs/bill-documents.md, "The seller"):
 * what the law asks a bill to name (name, address, VAT number) and how customers pay it. It
 * is configuration, one per deployment: `BSS_SELLER` (JSON, this schema) in the functions'
 * environment, from the CDK context `bss:seller` on AWS; absent, the demo seller below.
 */
export const sellerSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  addressLines: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(6)),
  vatNumber: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: z.optional(z.string().check(z.maxLength(32))),
  /** Where bank transfers go. */
  bankAccount: z.optional(z.strictObject({ iban: z.string().check(z.trim(), z.minLength(8), z.maxLength(34)), bic: z.optional(z.string().check(z.trim(), z.minLength(8), z.maxLength(11))) })),
  /** Company registration, shown in the footer. */
  registration: z.optional(z.string().check(z.maxLength(200))),
}));
export type Seller = z.infer<typeof sellerSchema>;

/** The demo operator of `npm start`; says it is one, so no demo bill can pass for a real one. */
export const demoSeller: Seller = {
  name: 'Demo Telecom SAS (demonstration seller)',
  addressLines: ['12 rue de l’Exemple', '75002 Paris', 'France'],
  vatNumber: 'FR00 000000000',
  email: 'billing@demo-telecom.example',
  bankAccount: { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' },
  registration: 'Demonstration data: not a registered company',
};

/** The configured seller: `BSS_SELLER` (or the setting named) when set, refused naming what is wrong when it is not a valid seller; else the demo one. */
export function sellerFrom(configured: string | undefined, setting = 'BSS_SELLER'): Seller {
  if (configured === undefined || configured.trim() === '') return demoSeller;
  let json: unknown;
  try {
    json = JSON.parse(configured);
  } catch {
    throw new Error(`${setting} is not JSON: set it to the seller legal entity (docs/bill-documents.md)`);
  }
  const parsed = sellerSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${setting} is not a valid seller: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
