import type { TimeBandPlan } from '../../../../domain/rating/time-bands.js';

/** Weekdays peak 08:00-20:00 and off-peak otherwise, weekends all day, three French public holidays of 2027 in a band of their own. */
export const plan: TimeBandPlan = {
  weekdays: [
    { from: '00:00', band: 'off-peak' },
    { from: '08:00', band: 'peak' },
    { from: '20:00', band: 'off-peak' },
  ],
  weekend: [{ from: '00:00', band: 'weekend' }],
  holidays: { dates: ['2027-01-01', '2027-07-14', '2027-12-25'], schedule: [{ from: '00:00', band: 'holiday' }] },
};
