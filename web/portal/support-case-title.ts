import type { SupportCase } from '../shared/api-types.js';
import type { I18n } from '../shared/i18n/i18n-context.js';

/** A case by the title its customer gave it, else by the kind of help it asks for. */
export const caseTitle = (supportCase: Pick<SupportCase, 'name' | 'ticketType'>, { t }: Pick<I18n, 't'>): string => supportCase.name ?? t(`ticketType.${supportCase.ticketType}`);
