import * as z from 'zod';

/**
 * The legal entity that issues bills and credit notes (docs/bill-documents.md, "The seller"):
 * what the law asks a bill to name (name, address, VAT number) and how customers pay it. It
 * is configuration, one per deployment: `BSS_SELLER` (JSON, this schema) in the functions'
 * environment, from the CDK context `bss:seller` on AWS; absent, the demo seller below.
 */
export const sellerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  addressLines: z.array(z.string().trim().min(1).max(200)).min(1).max(6),
  vatNumber: z.string().trim().min(1).max(32),
  email: z.email().max(254).optional(),
  phone: z.string().max(32).optional(),
  /** Where bank transfers go. */
  bankAccount: z.strictObject({ iban: z.string().trim().min(8).max(34), bic: z.string().trim().min(8).max(11).optional() }).optional(),
  /** Company registration, shown in the footer. */
  registration: z.string().max(200).optional(),
});
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
