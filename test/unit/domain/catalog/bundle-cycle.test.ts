import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleCycleProblems, findBundleCycle } from '../../../../domain/catalog/bundle-cycle.js';

type Graph = Record<string, string[]>;

const lookupIn = (graph: Graph) => (id: string) => graph[id];

describe('findBundleCycle', () => {
  it('finds none in a bundle of plain offerings, nor in nested bundles sharing a component', () => {
    const graph: Graph = { B: ['plan', 'C'], C: ['plan', 'sim'], plan: [], sim: [] };
    expect(findBundleCycle('A', ['B', 'C'], lookupIn(graph))).toBeUndefined();
  });

  it('finds a bundle that contains itself', () => {
    expect(findBundleCycle('A', ['plan', 'A'], lookupIn({ plan: [] }))).toEqual(['A', 'A']);
  });

  it('finds A → B → A, taking A with its new components, not as stored', () => {
    const stored: Graph = { A: [], B: ['A'] };
    expect(findBundleCycle('A', ['B'], lookupIn(stored))).toEqual(['A', 'B', 'A']);
  });

  it('finds a deeper cycle and names the whole walk', () => {
    const graph: Graph = { B: ['plan'], C: ['D'], D: ['A'], plan: [] };
    expect(findBundleCycle('A', ['B', 'C'], lookupIn(graph))).toEqual(['A', 'C', 'D', 'A']);
  });

  it('finds a reachable cycle that does not pass through the offering (left by concurrent writes)', () => {
    expect(findBundleCycle('A', ['B'], lookupIn({ B: ['C'], C: ['B'] }))).toEqual(['A', 'B', 'C', 'B']);
  });

  it('ignores a cycle the offering cannot reach', () => {
    expect(findBundleCycle('A', ['plan'], lookupIn({ plan: [], X: ['Y'], Y: ['X'] }))).toBeUndefined();
  });

  it('treats offerings it cannot look up as leaves', () => {
    expect(findBundleCycle('A', ['gone'], () => undefined)).toBeUndefined();
  });

  it('walks a chain deeper than any call stack without overflowing', () => {
    const depth = 30_000;
    const graph: Graph = Object.fromEntries(Array.from({ length: depth }, (_, index) => [`n${index}`, index + 1 < depth ? [`n${index + 1}`] : ['A']]));
    const cycle = findBundleCycle('A', ['n0'], lookupIn(graph));
    expect(cycle).toHaveLength(depth + 2);
    expect(cycle?.at(-1)).toBe('A');
  });
});

describe('bundleCycleProblems', () => {
  it('names the component through which the bundle reaches itself, and the path', () => {
    expect(bundleCycleProblems('A', ['plan', 'B'], lookupIn({ plan: [], B: ['A'] }))).toEqual([
      { field: 'bundledProductOffering[1].id', problem: 'the bundle would contain itself: A → B → A' },
    ]);
  });

  it('reports nothing for an acyclic bundle', () => {
    expect(bundleCycleProblems('A', ['plan'], lookupIn({ plan: [] }))).toEqual([]);
  });
});

/** Brute force: whether any node reachable from `start` lies on a cycle (Kahn's algorithm on the reachable subgraph). */
function hasReachableCycle(start: string, edges: ReadonlyMap<string, readonly string[]>): boolean {
  const reachable = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of edges.get(queue.shift()!) ?? []) {
      if (!reachable.has(next)) {
        reachable.add(next);
        queue.push(next);
      }
    }
  }
  const indegree = new Map<string, number>([...reachable].map((node) => [node, 0]));
  for (const node of reachable) for (const next of edges.get(node) ?? []) indegree.set(next, indegree.get(next)! + 1);
  const free = [...reachable].filter((node) => indegree.get(node) === 0);
  let removed = 0;
  while (free.length > 0) {
    const node = free.pop()!;
    removed += 1;
    for (const next of edges.get(node) ?? []) {
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) free.push(next);
    }
  }
  return removed < reachable.size;
}

/** Random bundle graphs over nodes n0..n(size-1); the offering being written is n0. */
const graphs = fc.integer({ min: 1, max: 9 }).chain((size) =>
  fc
    .array(fc.array(fc.integer({ min: 0, max: size - 1 }), { maxLength: 4 }), { minLength: size, maxLength: size })
    .map((lists) => new Map(lists.map((targets, index) => [`n${index}`, targets.map((target) => `n${target}`)]))),
);

/** Acyclic graphs by construction: edges only go to higher-numbered nodes. */
const acyclicGraphs = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc
    .array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: size, maxLength: size })
    .map(
      (lists) =>
        new Map(
          lists.map((targets, index) => [
            `n${index}`,
            targets.filter(() => index + 1 < size).map((target) => `n${index + 1 + (target % Math.max(1, size - index - 1))}`),
          ]),
        ),
    ),
);

describe('findBundleCycle (properties)', () => {
  it('reports a cycle exactly when one is reachable from the offering, as a real walk that closes on itself', () => {
    fc.assert(
      fc.property(graphs, (edges) => {
        const cycle = findBundleCycle('n0', edges.get('n0')!, (id) => edges.get(id));
        expect(cycle !== undefined).toBe(hasReachableCycle('n0', edges));
        if (!cycle) return;
        expect(cycle[0]).toBe('n0');
        for (let index = 1; index < cycle.length; index += 1) expect(edges.get(cycle[index - 1]!)).toContain(cycle[index]);
        expect(cycle.slice(0, -1)).toContain(cycle.at(-1));
        // A simple walk: only the closing offering repeats.
        expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('never reports a cycle in an acyclic graph', () => {
    fc.assert(
      fc.property(acyclicGraphs, (edges) => {
        expect(hasReachableCycle('n0', edges)).toBe(false);
        expect(findBundleCycle('n0', edges.get('n0')!, (id) => edges.get(id))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('a new bundle of existing offerings closes a cycle exactly when one of them reaches it', () => {
    fc.assert(
      fc.property(acyclicGraphs, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (edges, picks) => {
        // Rewrite the last node's components to include nodes chosen by `picks`.
        const nodes = [...edges.keys()];
        const offering = nodes.at(-1)!;
        const components = picks.map((pick) => nodes[pick % nodes.length]!);
        const withNew = new Map(edges).set(offering, components);
        const cycle = findBundleCycle(offering, components, (id) => edges.get(id));
        expect(cycle !== undefined).toBe(hasReachableCycle(offering, withNew));
      }),
      { numRuns: 500 },
    );
  });
});
