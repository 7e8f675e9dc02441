import { parse, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';

type Located = Node & { type: string };

const isFunction = (node: Located) => node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' || node.type === 'ArrowFunctionExpression';

/** The derived class constructor a node's code runs in, if its nearest enclosing function is one. */
function derivedConstructorOf(ancestors: readonly Located[]): Located | undefined {
  for (let index = ancestors.length - 2; index >= 0; index -= 1) {
    const node = ancestors[index]!;
    if (!isFunction(node)) continue;
    const method = ancestors[index - 1] as (Located & { kind?: string }) | undefined;
    const classBody = ancestors[index - 2];
    const declaration = ancestors[index - 3] as (Located & { superClass?: unknown }) | undefined;
    const isConstructor = method?.type === 'MethodDefinition' && method.kind === 'constructor' && classBody?.type === 'ClassBody';
    return isConstructor && declaration?.superClass ? node : undefined;
  }
  return undefined;
}

/**
 * Where a module's code reads `this` in a derived class's constructor before its `super()` has
 * returned, which throws a ReferenceError: esbuild, lowering an arrow function that reads `this`
 * there, puts `var x = this` first (infra/lambda-bundling.ts, keepsArrowFunctions). Reads in
 * functions nested in the constructor are not counted: they run when called.
 */
export function thisReadBeforeSuper(code: string): { offset: number; excerpt: string }[] {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const reads = new Map<Located, number[]>();
  const superEnds = new Map<Located, number>();
  ancestor(program, {
    ThisExpression(node, _state, ancestors) {
      const constructor = derivedConstructorOf(ancestors as Located[]);
      if (constructor) reads.set(constructor, [...(reads.get(constructor) ?? []), node.start]);
    },
    CallExpression(node, _state, ancestors) {
      if (node.callee.type !== 'Super') return;
      const constructor = derivedConstructorOf(ancestors as Located[]);
      if (constructor && !superEnds.has(constructor)) superEnds.set(constructor, node.end);
    },
  });
  return [...reads].flatMap(([constructor, offsets]) => {
    const superEnd = superEnds.get(constructor) ?? Number.POSITIVE_INFINITY;
    return offsets.filter((offset) => offset < superEnd).map((offset) => ({ offset, excerpt: code.slice(Math.max(constructor.start, offset - 60), offset + 40) }));
  });
}
