import type { FieldProblem } from '../shared/domain-errors.js';

/**
 * A bundle must never contain itself, however deep: pricing and ordering walk the bundle
 * tree and would never finish. `lookup` gives the components of an offering as stored (the
 * handler loads the graph level by level until it is closed); the offering being written is
 * taken with its new components. Returns the first cycle found as a walk from the offering,
 * the repeated offering last (A → B → A), or undefined when the graph below it is acyclic.
 * A cycle that does not pass through the offering itself (left by two concurrent writes) is
 * reported too: it is reachable, so it would loop all the same.
 */
export function findBundleCycle(
  offeringId: string,
  bundledIds: readonly string[],
  lookup: (id: string) => readonly string[] | undefined,
): string[] | undefined {
  const componentsOf = (id: string): readonly string[] => (id === offeringId ? bundledIds : (lookup(id) ?? []));
  const finished = new Set<string>();
  const path: string[] = [offeringId];
  const onPath = new Set<string>(path);
  // Depth-first without recursion, so a deep (or hostile) graph cannot overflow the stack.
  const pending: number[] = [0];
  while (path.length > 0) {
    const depth = path.length - 1;
    const id = path[depth]!;
    const components = componentsOf(id);
    const next = pending[depth]!;
    if (next >= components.length) {
      finished.add(id);
      onPath.delete(id);
      path.pop();
      pending.pop();
      continue;
    }
    pending[depth] = next + 1;
    const component = components[next]!;
    if (onPath.has(component)) return [...path, component];
    if (finished.has(component)) continue;
    path.push(component);
    onPath.add(component);
    pending.push(0);
  }
  return undefined;
}

/** The 400 a cycle answers, on the component through which the offering reaches it. */
export function bundleCycleProblems(offeringId: string, bundledIds: readonly string[], lookup: (id: string) => readonly string[] | undefined): FieldProblem[] {
  const cycle = findBundleCycle(offeringId, bundledIds, lookup);
  if (!cycle) return [];
  const index = bundledIds.indexOf(cycle[1]!);
  return [{ field: `bundledProductOffering[${index}].id`, problem: `the bundle would contain itself: ${cycle.join(' → ')}` }];
}
