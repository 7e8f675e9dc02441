import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from '../shared/zod.js';
import { RuleViolationError } from '../shared/domain-errors.js';
import { customerPath } from './customer.js';
import { normalizeEmail } from './email.js';

/**
 * A customer's e-mail change, verified before it is applied (docs/security.md, "E-mail
 * changes"). The code goes to the new address, so only whoever holds that mailbox can complete
 * the change. Whether the address is already another customer's decides only what that mailbox
 * is sent (a code, or a notice that the address is in use); the asker gets the same answer
 * either way, and a taken address never gets a code, so it can be neither claimed nor probed.
 */
export const emailChangePath = '/customer/v1/emailChange';

/** Long enough to read an e-mail, short enough that a guessed code is worth little. */
export const emailChangeLifetimeMinutes = 15;
/** Wrong codes an e-mail change survives: 6 digits and 5 tries leave a guess one chance in 200,000. */
export const emailChangeAttempts = 5;

export const emailChangeRequestSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  customer: z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
  emailAddress: z.email().check(z.maxLength(254)),
}));
export type EmailChangeRequest = z.infer<typeof emailChangeRequestSchema>;

export const emailChangeConfirmationSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  code: z.string().check(z.regex(/^\d{6}$/, 'the 6-digit code sent to the new address'), z.meta({ examples: ['482913'] })),
}));
export type EmailChangeConfirmation = z.infer<typeof emailChangeConfirmationSchema>;

export type EmailChangeState = 'pending' | 'completed' | 'failed';

/** What the API serves: nothing in it depends on whether the address is taken. */
export interface EmailChange {
  id: string;
  href: string;
  '@type': 'EmailChange';
  customer: { id: string; href: string };
  emailAddress: string;
  state: EmailChangeState;
  requestedAt: string;
  expiresAt: string;
  attemptsLeft: number;
  completedAt?: string;
}

/**
 * What is kept beside the change, never served: the code's hash, absent when the address was
 * another customer's when asked (no code exists, so none can match).
 */
export interface EmailChangeSecret {
  codeHash?: string;
}

/** The code is kept hashed with the change's id, so the table never holds a usable code. */
export const emailChangeCodeHash = (changeId: string, code: string): string => createHash('sha256').update(`${changeId}:${code}`).digest('hex');

export function requestEmailChange(
  request: EmailChangeRequest,
  context: { id: string; now: string; code: string; addressInUse: boolean },
): { change: EmailChange; secret: EmailChangeSecret } {
  const expiresAt = new Date(Date.parse(context.now) + emailChangeLifetimeMinutes * 60_000).toISOString();
  return {
    change: {
      id: context.id,
      href: `${emailChangePath}/${context.id}`,
      '@type': 'EmailChange',
      customer: { id: request.customer.id, href: `${customerPath}/${request.customer.id}` },
      emailAddress: normalizeEmail(request.emailAddress),
      state: 'pending',
      requestedAt: context.now,
      expiresAt,
      attemptsLeft: emailChangeAttempts,
    },
    secret: context.addressInUse ? {} : { codeHash: emailChangeCodeHash(context.id, context.code) },
  };
}

/**
 * Refuses a confirmation before any code is looked at: a settled change, an expired one, or one
 * whose attempts are used up. None of these depends on whether the address is taken.
 */
export function requireConfirmable(change: EmailChange, now: string): void {
  if (change.state !== 'pending') throw new RuleViolationError('email-change-settled', `e-mail change ${change.id} is ${change.state}; ask for a new one`);
  if (now > change.expiresAt) throw new RuleViolationError('email-change-expired', `e-mail change ${change.id} expired at ${change.expiresAt}; ask for a new one`);
  if (change.attemptsLeft <= 0) throw new RuleViolationError('email-change-settled', `e-mail change ${change.id} has no attempts left; ask for a new one`);
}

/**
 * Whether a code confirms the change. A change to an address that was taken when asked has no
 * code, so nothing matches: a guess is refused exactly as a wrong code is.
 */
export const codeConfirms = (change: Pick<EmailChange, 'id'>, secret: EmailChangeSecret, code: string): boolean =>
  secret.codeHash !== undefined && sameHash(secret.codeHash, emailChangeCodeHash(change.id, code));

/** The change once its code matched. */
export const completedEmailChange = (change: EmailChange, now: string): EmailChange => ({ ...change, state: 'completed', completedAt: now });

/** The change after a wrong code, its attempt already counted: failed when none is left. */
export const refusedEmailChange = (change: EmailChange): EmailChange => (change.attemptsLeft > 0 ? change : { ...change, state: 'failed' });

/** Constant time, so how much of a guess matched is not measurable. */
const sameHash = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The customer's contact media with the verified address as its e-mail: the preferred e-mail medium changes, the rest stays. */
export function withVerifiedEmail<M extends { mediumType: string; preferred?: boolean; characteristic: { emailAddress?: string } }>(contactMedium: readonly M[], emailAddress: string): M[] {
  const emails = contactMedium.filter((medium) => medium.mediumType.toLowerCase() === 'email' && medium.characteristic.emailAddress);
  const primary = emails.find((medium) => medium.preferred) ?? emails[0];
  return contactMedium.map((medium) => (medium === primary ? { ...medium, characteristic: { ...medium.characteristic, emailAddress } } : medium));
}

/**
 * What the new address is sent: the code, or, when the address is another customer's, a notice
 * that someone tried to use it and that nothing changed. Only the mailbox sees which.
 */
export function emailChangeMessage(change: EmailChange, code: string | undefined): { kind: 'emailVerification' | 'emailAddressInUse'; subject: string; content: string } {
  const subject = 'Confirm your e-mail address';
  if (code === undefined) {
    return {
      kind: 'emailAddressInUse',
      subject,
      content:
        `Someone asked to use this address for another customer account. This address is already registered with us, so nothing was changed ` +
        `and your account is untouched. If it was you, sign in with this address instead; if not, you need not do anything.`,
    };
  }
  return {
    kind: 'emailVerification',
    subject,
    content: `Your code to confirm this address: ${code}. It is valid until ${change.expiresAt}. If you did not ask for it, ignore this message: nothing changes without the code.`,
  };
}
