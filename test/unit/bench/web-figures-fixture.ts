import type { WebFigures, WebPageFigures } from '../../../bench/web-pages.js';

const summary = (p50: number) => ({ count: 3, min: p50, p50, p90: p50, p99: p50, max: p50, mean: p50 });

export function webPage(page: string, usableMs: number, apiRequests: number): WebPageFigures {
  return {
    app: page.startsWith('agent') ? 'agent' : 'portal',
    page,
    usableMs: summary(usableMs),
    apiRequests,
    apiRequestPaths: Array.from({ length: apiRequests }, (_, index) => `GET /api/${index}`),
    allRequests: apiRequests + 3,
  };
}

/** Web figures that meet every web target. */
export function passingWeb(): WebFigures {
  return {
    firstLoad: [
      { app: 'portal', bytes: 120_000, gzipBytes: 38_000 },
      { app: 'agent', bytes: 110_000, gzipBytes: 36_000 },
    ],
    pages: [webPage('portal home', 300, 2), webPage('portal bills', 200, 2), webPage('agent customer 360', 600, 11)],
  };
}
