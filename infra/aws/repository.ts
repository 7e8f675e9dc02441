import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: topology entries and ASL files are paths relative to it. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export function fromRepositoryRoot(relativePath: string): string {
  return join(repositoryRoot, relativePath);
}

/** open-default-billing-account → OpenDefaultBillingAccount: readable construct ids, hence logical ids. */
export function pascalCase(kebabName: string): string {
  return kebabName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Tag keys that name the topology entry a resource was built from. They make the synthesized
 * template readable back into topology terms (test/infra/synth.ts) without relying on logical ids.
 */
export const topologyTags = {
  function: 'bss:function',
  stateMachine: 'bss:state-machine',
} as const;
