import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type * as z from '../../domain/shared/zod.js';
import { bodyMediaTypes } from '../../functions/lib/http/media-types.js';
import type { RouteDefinition } from '../topology.js';
import type { BssRestApi } from './http-api.js';
import { pascalCase } from './repository.js';
import { requestModelSchema } from './request-models.js';

export interface ApiRoutesProps {
  /** The routes of one bounded context. */
  readonly routes: readonly RouteDefinition[];
  /** The shared REST API: its path resources, authorizer, validator and stage. */
  readonly api: BssRestApi;
  readonly functionNamed: (name: string) => lambda.IFunction;
}

/**
 * The methods of a context's routes on the shared REST API, each a Lambda proxy integration of
 * its use case, with the Cognito authorizer on every route the topology marks `authorized`,
 * the partner API key on every route it marks `apiKeyRequired`, the request validator,
 * required path parameters and the body's request model, the CORS preflights of its paths
 * when the API allows browser origins (BssRestApi.addPreflight), and the 405 of any other method
 * on them (BssRestApi.addMethodNotAllowed). Created in the
 * context's nested stack, on the path resources the API built: the API's deployment still
 * depends on every method and hashes each into its logical id (aws-apigateway's Method does that
 * for any method of the API), so a changed route redeploys the stage.
 */
export class ApiRoutes extends Construct {
  /**
   * Body models by function: a function that serves several routes (every TMF API's hub) has one
   * model, as it has one schema; API Gateway wants model names unique within the API.
   */
  private readonly models = new Map<string, Record<string, apigateway.IModel>>();

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);
    for (const route of props.routes) this.route(route, props);
    for (const path of new Set(props.routes.map((route) => route.path))) {
      // The CORS preflight and the 405 (an ANY method) of each of the context's paths that no earlier context made yet.
      props.api.addPreflight(new Construct(this, `Options${pathId(path)}`), path);
      props.api.addMethodNotAllowed(new Construct(this, `Any${pathId(path)}`), path);
    }
  }

  private route(route: RouteDefinition, props: ApiRoutesProps): void {
    const { api } = props;
    const scope = new Construct(this, routeId(route));
    const handler = props.functionNamed(route.function);
    const requestModels = route.requestBody ? this.requestModelsFor(scope, route, route.requestBody, api) : undefined;

    const method = new apigateway.Method(scope, 'Method', {
      resource: api.resourceFor(route.path),
      httpMethod: route.method,
      // What LambdaIntegration builds, without its permission: that one names the stage by
      // reference, and the stage depends on the deployment, which depends on this stack.
      integration: new apigateway.AwsIntegration({ proxy: true, service: 'lambda', path: `2015-03-31/functions/${handler.functionArn}/invocations` }),
      options: {
        requestValidator: api.requestValidator,
        requestParameters: pathParametersOf(route.path),
        ...(requestModels ? { requestModels } : {}),
        ...(route.authorized
          ? { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer: api.authorizer }
          : { authorizationType: apigateway.AuthorizationType.NONE }),
        // A partner route: the key is metered against the partner usage plan (throttle, quota).
        ...(route.apiKeyRequired ? { apiKeyRequired: true } : {}),
      },
    });
    // Only this method of this stage may invoke the function (no test-invoke permission).
    handler.addPermission('InvokedByApi', {
      scope,
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: api.api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]*\}/g, '*'), api.stageName),
    });

    if (!route.authorized) {
      const reason = `${route.method} ${route.path} is public by design in the topology (authorized: false): it answers no customer or business data (liveness for uptime checks, or the API reference).`;
      Validations.of(method.node.defaultChild!).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    }
  }

  /** The route's body model under each media type its handler accepts, made with the function's first route. */
  private requestModelsFor(scope: Construct, route: RouteDefinition, schema: z.ZodMiniType, api: BssRestApi): Record<string, apigateway.IModel> {
    const made = this.models.get(route.function);
    if (made) return made;
    const model = new apigateway.Model(scope, 'Body', {
      restApi: api.api,
      modelName: `${pascalCase(route.function)}Body`,
      contentType: 'application/json',
      description: `Body of ${route.method} ${route.path}`,
      schema: requestModelSchema(schema),
    });
    const kind = route.method === 'PATCH' ? 'merge-patch' : 'create';
    const models = Object.fromEntries(bodyMediaTypes[kind].map((mediaType) => [mediaType, model]));
    this.models.set(route.function, models);
    return models;
  }
}

/** `{id}` in a path → `method.request.path.id` required, so the validator rejects a missing one. */
function pathParametersOf(path: string): Record<string, boolean> {
  return Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map((match) => [`method.request.path.${match[1]}`, true]));
}

/** GET /tmf-api/customerManagement/v4/customer/{id} → GetTmfApiCustomerManagementV4CustomerById: readable logical ids. */
function routeId(route: RouteDefinition): string {
  return `${pascalCase(route.method.toLowerCase())}${pathId(route.path)}`;
}

/** /tmf-api/customerManagement/v4/customer/{id} → TmfApiCustomerManagementV4CustomerById. */
function pathId(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => (segment.startsWith('{') ? `By${pascalCase(segment.slice(1, -1))}` : pascalCase(segment)))
    .join('');
}
