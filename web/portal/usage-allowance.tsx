import type { UsageSummaryEntry } from '../shared/api-types.js';
import { useI18n } from '../shared/i18n/i18n-context.js';
import { formatQuantity } from './usage-chart.js';

/** What a usage price counts (docs/usage.md); a price counting something else is named by its own name. */
const usageTypes = ['data', 'time', 'SMS', 'MMS', 'call', 'event', 'unit', 'money'] as const;
const isKnownUsageType = (type: string): type is (typeof usageTypes)[number] => (usageTypes as readonly string[]).includes(type);

/**
 * One usage price's use in a period against its allowance: what it counts as a heading, the
 * figures in words, and a meter when there is an allowance. The usage page adds the days; home
 * shows it as the account overview gives it, without them.
 */
export function UsageAllowance({ entry, id, heading: Heading = 'h3' }: { entry: Omit<UsageSummaryEntry, 'days'>; id: string; heading?: 'h3' | 'h4' }) {
  const { t, locale } = useI18n();
  const used = `${formatQuantity(entry.used, locale)} ${entry.unit}`;
  const allowance = Number(entry.included) > 0;
  return (
    <>
      <Heading id={`${id}-title`}>{isKnownUsageType(entry.usageType) ? t(`usage.type.${entry.usageType}`) : entry.usagePrice.name}</Heading>
      <p class="usage-total">
        {allowance
          ? t('usage.usedOfIncluded', { used, included: `${formatQuantity(entry.included, locale)} ${entry.unit}`, left: `${formatQuantity(entry.remainingIncluded, locale)} ${entry.unit}` })
          : t('usage.used', { used })}
      </p>
      {allowance && <meter min={0} max={Number(entry.included)} value={Math.min(Number(entry.used), Number(entry.included))} aria-labelledby={`${id}-title`} />}
    </>
  );
}
