import { Cron } from 'croner';
import type { RuleTarget, ScheduleDefinition } from '../topology.js';

/**
 * The local EventBridge Scheduler: each topology schedule fires its target at the times its
 * cron expression gives in its time zone, as on AWS (the daily billing run). A failed start is
 * logged and retried at the next firing, as Scheduler's retries would give up and dead-letter.
 */
export class LocalScheduler {
  private readonly jobs: Cron[] = [];

  constructor(
    private readonly options: {
      schedules: readonly ScheduleDefinition[];
      fire: (target: RuleTarget, input: Record<string, unknown>) => Promise<void>;
      log: (line: string) => void;
    },
  ) {}

  start(): void {
    for (const schedule of this.options.schedules) {
      const job = new Cron(cronerPattern(schedule.expression), { timezone: schedule.timeZone, protect: true, alternativeWeekdays: true }, () => {
        this.options.log(`schedule ${schedule.name}: starting ${schedule.target.kind} ${schedule.target.name}`);
        this.options.fire(schedule.target, schedule.input).catch((error: unknown) => this.options.log(`schedule ${schedule.name} failed: ${(error as Error).message}`));
      });
      this.jobs.push(job);
    }
  }

  /** When each schedule fires next (for the start-up banner and the tests). */
  nextRuns(): { name: string; next: Date | null }[] {
    return this.options.schedules.map((schedule, index) => ({ name: schedule.name, next: this.jobs[index]?.nextRun() ?? null }));
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs.length = 0;
  }
}

/**
 * An EventBridge Scheduler cron expression, `cron(minutes hours day-of-month month day-of-week year)`,
 * as a croner pattern. `?` ("no specific value") becomes `*` (croner reads `?` as "now"); days of
 * the week count 1-7 from Sunday in both (croner's Quartz mode); only the year `*` is supported.
 */
export function cronerPattern(expression: string): string {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = match?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) throw new Error(`not an EventBridge Scheduler cron expression: ${expression}`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`schedule ${expression}: the local scheduler runs every year only (year field *)`);
  const field = (value: string) => (value === '?' ? '*' : value);
  return [minutes, hours, field(dayOfMonth), field(month), field(dayOfWeek)].join(' ');
}
