import type { CaseStatus, SupportCase } from './api-types.js';
import type { MessageKey } from './i18n/messages-en.js';
import type { I18n } from './i18n/i18n-context.js';

/** A case no agent has acknowledged yet has no `status` (TMF621 has no value for it). */
export const statusOfCase = (supportCase: { status?: CaseStatus }): CaseStatus => supportCase.status ?? 'submitted';

/** A case by the title its customer gave it, else by the kind of help it asks for. */
export const caseTitle = (supportCase: Pick<SupportCase, 'name' | 'ticketType'>, { t }: Pick<I18n, 't'>): string => supportCase.name ?? t(`ticketType.${supportCase.ticketType}`);

/** A status in the words of who reads it: the customer is "you" to itself, "the customer" to an agent. */
export const caseStatusLabel = (status: CaseStatus, reader: 'customer' | 'agent'): MessageKey => (reader === 'agent' && status === 'pending' ? 'caseStatus.waitingForCustomer' : `caseStatus.${status}`);
