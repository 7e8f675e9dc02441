import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { documentFontFiles, documentFontPackageFolder } from '../../functions/lib/documents/document-font-files.js';
import { apiReferenceFolder, bundledServerPlaceholder } from '../../functions/platform/api-reference-files.js';
import { lambdaBuildOptions, separateBundleBuildOptions } from '../lambda-bundling.js';
import { rendersDocuments, type FunctionDefinition } from '../topology.js';
import { fromRepositoryRoot, repositoryRoot } from './repository.js';

/** What building a use case's code reads of its definition. */
type BundledUseCase = Pick<FunctionDefinition, 'name' | 'entry' | 'permissions' | 'carriesApiReference'>;

/**
 * Builds one use case's code on this machine with the options `npm run bench` measures
 * (infra/lambda-bundling.ts): the entry, the chunks and separate bundles it imports with
 * `import()`, their source maps (read when a stack trace is formatted,
 * functions/lib/observability/source-mapped-stack-traces.ts; without the sources), and what the
 * code reads beside itself:
 * the document fonts for a function that renders documents, the API reference for the functions
 * that serve it. NodejsFunction writes a single `--outfile`, which esbuild cannot split.
 */
export class UseCaseBundling implements ILocalBundling {
  constructor(private readonly definition: BundledUseCase) {}

  tryBundle(outputDir: string): boolean {
    const { metafile } = buildSync({ ...lambdaBuildOptions(this.definition, outputDir), sourcemap: true, sourcesContent: false, metafile: true, logLevel: 'warning' });
    for (const options of separateBundleBuildOptions(metafile, outputDir)) buildSync({ ...options, sourcemap: true, sourcesContent: false, logLevel: 'warning' });
    if (rendersDocuments(this.definition)) {
      mkdirSync(join(outputDir, 'fonts'), { recursive: true });
      for (const file of Object.values(documentFontFiles)) copyFileSync(fromRepositoryRoot(`node_modules/${documentFontPackageFolder}/${file}`), join(outputDir, 'fonts', file));
    }
    if (this.definition.carriesApiReference) {
      // In a process of its own, as `npm run openapi` runs it: the generator imports every schema of the topology.
      execFileSync(process.execPath, ['--import', 'tsx', 'infra/api-reference/write-api-reference-cli.ts', '--server', bundledServerPlaceholder, '--out', join(outputDir, apiReferenceFolder)], {
        cwd: repositoryRoot,
        stdio: 'inherit',
      });
    }
    return true;
  }
}

/**
 * The function's code asset, hashed by what the bundling wrote (as NodejsFunction's is). A stack
 * synthesized without bundling (`aws:cdk:bundling-stacks`) skips it, and the source folder is
 * not fingerprinted then either. Docker is never used: the image is only the nominal fallback
 * the API requires, and bundling here never declines.
 */
export function useCaseCode(definition: BundledUseCase): lambda.Code {
  return lambda.Code.fromAsset(repositoryRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: { image: lambda.Runtime.NODEJS_24_X.bundlingImage, local: new UseCaseBundling(definition) },
  });
}
