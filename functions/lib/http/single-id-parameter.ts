import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ApiError } from './api-error.js';

/**
 * A read that takes exactly one query parameter naming one resource by id (`product.id` of the
 * usage summary, `relatedParty.id` of the account overview): that id, trimmed. Another parameter,
 * a missing or empty id, a list (a comma) or an id over 128 characters is a 400 naming the field.
 * `what` names the read and `names` what the id is, for the messages ("the account overview",
 * "the customer whose accounts to show").
 */
export function singleIdParameter(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>, parameter: string, what: string, names: string): string {
  const params = event.queryStringParameters ?? {};
  for (const name of Object.keys(params)) {
    if (name !== parameter) {
      throw ApiError.badRequest(`unknown parameter ${name.slice(0, 100)}; ${what} takes ${parameter}`, [{ field: name.slice(0, 100), problem: `not a parameter of ${what}` }]);
    }
  }
  const id = params[parameter]?.trim();
  if (id === undefined || id === '' || id.includes(',') || id.length > 128) {
    throw ApiError.badRequest(`${parameter} names ${names}: one id`, [
      { field: parameter, problem: id === undefined ? 'required' : `one id of at most 128 characters, got "${id.slice(0, 100)}"` },
    ]);
  }
  return id;
}
