import type { CaseStatus, SupportCase } from './api-types.js';
import type { I18n } from './i18n/i18n-context.js';

/** A case no agent has acknowledged yet has no `status` (TMF621 has no value for it). */
export const statusOfCase = (supportCase: { status?: CaseStatus }): CaseStatus => supportCase.status ?? 'submitted';

/** A case by the title its customer gave it, else by the kind of help it asks for. */
export const caseTitle = (supportCase: Pick<SupportCase, 'name' | 'ticketType'>, { t }: Pick<I18n, 't'>): string => supportCase.name ?? t(`ticketType.${supportCase.ticketType}`);
