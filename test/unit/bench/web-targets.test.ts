import { describe, expect, it } from 'vitest';
import { evaluateWebTargets } from '../../../bench/targets.js';
import { passingWeb, webPage } from './web-figures-fixture.js';

describe('web targets (bench, #17)', () => {
  it('passes figures within every goal', () => {
    const targets = evaluateWebTargets(passingWeb());
    expect(Object.values(targets).every((target) => target.pass)).toBe(true);
    expect(targets.webUsable.worst).toBe(600);
    expect(targets.homeApiRequests.worst).toBe(2);
  });

  it('names the app over 120 KB, the goal page slower than 1 s and a home making more than 4 requests', () => {
    const figures = passingWeb();
    figures.firstLoad[1]!.gzipBytes = 130 * 1024;
    figures.pages = [webPage('portal home', 400, 5), webPage('portal bills', 5_000, 1), webPage('agent customer 360', 1_200, 11)];
    const targets = evaluateWebTargets(figures);
    expect(targets.webFirstLoad).toMatchObject({ pass: false, failing: [{ function: 'agent', value: 130 * 1024 }] });
    // Only the two pages the goal names count: a slow bills page is a figure, not a miss.
    expect(targets.webUsable).toMatchObject({ pass: false, worst: 1_200, failing: [{ function: 'agent customer 360', value: 1_200 }] });
    expect(targets.homeApiRequests).toMatchObject({ pass: false, worst: 5 });
  });

  it('refuses figures without a page the goals name', () => {
    const figures = passingWeb();
    figures.pages = figures.pages.filter((page) => page.page !== 'agent customer 360');
    expect(() => evaluateWebTargets(figures)).toThrow(/agent customer 360/);
  });
});
