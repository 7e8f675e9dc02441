/** The clock port's system adapter: the only place handlers read the time. */
export const systemClock = { now: (): string => new Date().toISOString() };
export type Clock = typeof systemClock;
