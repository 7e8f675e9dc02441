import type { NotificationKind } from '../communication/notification-sender.js';

/**
 * The words dunning sends the customer (docs/collections.md, "Dunning"): what is overdue, since
 * when, and what happens next. Plain text, the same for e-mail and SMS.
 */
export interface DunningNotice {
  kind: NotificationKind;
  subject: string;
  content: string;
}

export function dunningNotice(kind: 'paymentReminder' | 'finalNotice' | 'serviceSuspended' | 'serviceRestored', input: { accountName: string; overdue: string; since: string; writeOffOn?: string }): DunningNotice {
  const since = input.since.slice(0, 10);
  switch (kind) {
    case 'paymentReminder':
      return { kind, subject: `Payment reminder: ${input.overdue} overdue`, content: `Your account ${input.accountName} has ${input.overdue} overdue since ${since}. Please pay it to keep your service.` };
    case 'finalNotice':
      return {
        kind,
        subject: `Final notice: ${input.overdue} overdue`,
        content: `Your account ${input.accountName} still has ${input.overdue} overdue since ${since}. Unless it is paid${input.writeOffOn ? ` by ${input.writeOffOn.slice(0, 10)}` : ''}, the account will be closed and the debt written off.`,
      };
    case 'serviceSuspended':
      return { kind, subject: 'Your service is suspended', content: `Your account ${input.accountName} has ${input.overdue} overdue since ${since}: its service is suspended until it is paid.` };
    case 'serviceRestored':
      return { kind, subject: 'Your service is back', content: `Thank you: the overdue amount of your account ${input.accountName} is paid and its service is restored.` };
  }
}
