import type { UsageSummaryEntry } from '../shared/api-types.js';
import { useI18n } from '../shared/i18n/i18n-context.js';

const barWidth = 10;
const gap = 2;
const height = 120;

/** A number for people: as many decimals as it has, up to three, in the reader's language. */
export const formatQuantity = (quantity: string, locale: string): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(Number(quantity));

/**
 * Usage per day of one price as bars, the allowance as a bar's full height when there is one
 * (a day never uses the whole allowance, so the bars are scaled to the busiest day instead).
 * The chart is an image named by its heading and a one-line description; the same figures are in the table beside
 * it, which a screen reader reads.
 */
export function UsageChart({ entry, labelId }: { entry: UsageSummaryEntry; labelId: string }) {
  const { t, locale } = useI18n();
  const values = entry.days.map((day) => Number(day.quantity));
  const busiest = Math.max(...values, 0);
  const width = entry.days.length * (barWidth + gap);
  const description = t('usage.chartDescription', { days: entry.days.length, busiest: formatQuantity(String(busiest), locale), unit: entry.unit });
  return (
    <svg class="usage-chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-labelledby={`${labelId} ${labelId}-chart`}>
      <desc id={`${labelId}-chart`}>{description}</desc>
      {entry.days.map((day, index) => {
        const value = values[index]!;
        const barHeight = busiest > 0 ? Math.max((value / busiest) * (height - 4), value > 0 ? 2 : 0) : 0;
        return <rect key={day.date} x={index * (barWidth + gap)} y={height - barHeight} width={barWidth} height={barHeight} class="usage-bar" />;
      })}
    </svg>
  );
}
