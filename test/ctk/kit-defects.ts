import type { KitId } from './ctk-kits.js';
import { requestLabel, type KitResult, type RequestOutcome } from './ctk-results.js';

/**
 * The requests of the kits that no system can pass, each for a reason in the kit itself
 * (docs/conformance.md, "Why TMF676 fails four requests"), with the answer that is right for it. A request
 * failing this way is a kit defect; failing any other way (another status, another request) it
 * is the system's. `npm run ctk` still exits 1 on them; with `--allow-kit-defects` (CI) it exits 0
 * when every failing request is one of these, answered as written here.
 */
export interface KitDefect {
  kit: KitId;
  /** The request's position in the kit's run (`#n` in the report). */
  position: number;
  method: string;
  /** Its path, after the API root, as it is sent. */
  path: string;
  /** The answer that is right for it. */
  status: number;
  why: string;
}

const paymentsPath = '/tmf-api/paymentManagement/v4/payment';
const secondPaymentNotSent = 'the kit’s second POST payment (#2) was refused, so the id it would have read from it is `null`';

export const kitDefects: readonly KitDefect[] = [
  {
    kit: 'TMF676',
    position: 2,
    method: 'POST',
    path: paymentsPath,
    status: 400,
    why: 'index.js configures the first POST of a resource only: the second sends the kit’s own sample, a payment without amount or method to account 15463151, which does not exist',
  },
  { kit: 'TMF676', position: 5, method: 'GET', path: `${paymentsPath}/null`, status: 404, why: `${secondPaymentNotSent}: payment/null does not exist` },
  ...([[8, 'href'], [11, 'id']] as const).map(([position, attribute]) => ({
    kit: 'TMF676' as const,
    position,
    method: 'GET',
    path: `${paymentsPath}?${attribute}=null`,
    status: 200,
    why: `${secondPaymentNotSent}; the filter rightly matches nothing, and the kit checks the empty list as if it were one payment`,
  })),
];

/** The documented defect a failing request is, if it was answered as that defect's entry says. */
export function kitDefectOf(kit: KitId, outcome: Pick<RequestOutcome, 'position' | 'method' | 'url' | 'status'>, defects: readonly KitDefect[] = kitDefects): KitDefect | undefined {
  return defects.find((defect) => defect.kit === kit && defect.position === outcome.position && defect.method === outcome.method && defect.path === outcome.url && defect.status === outcome.status);
}

/** A kit's failing requests, split into the documented kit defects and the rest (the system's). */
export function failingRequests(result: Pick<KitResult, 'kit' | 'outcomes' | 'failures'>, defects: readonly KitDefect[] = kitDefects): { kitDefects: { outcome: RequestOutcome; defect: KitDefect }[]; unexplained: RequestOutcome[] } {
  const failed = new Set(result.failures.map((failure) => failure.request));
  const failing = result.outcomes.filter((outcome) => failed.has(requestLabel(outcome)));
  const split = { kitDefects: [] as { outcome: RequestOutcome; defect: KitDefect }[], unexplained: [] as RequestOutcome[] };
  for (const outcome of failing) {
    const defect = kitDefectOf(result.kit, outcome, defects);
    if (defect) split.kitDefects.push({ outcome, defect });
    else split.unexplained.push(outcome);
  }
  return split;
}
