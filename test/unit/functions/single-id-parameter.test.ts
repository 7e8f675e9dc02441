import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../functions/lib/http/api-error.js';
import { singleIdParameter } from '../../../functions/lib/http/single-id-parameter.js';

const read = (query: Record<string, string> | null) => singleIdParameter({ queryStringParameters: query }, 'product.id', 'the usage summary', 'the product whose usage to summarise');
const refusal = (query: Record<string, string> | null) => {
  try {
    read(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return { status: (error as ApiError).status, fields: (error as ApiError).problems.map((problem) => problem.field) };
  }
  throw new Error('not refused');
};

describe('singleIdParameter', () => {
  it('gives the one id, trimmed', () => {
    expect(read({ 'product.id': ' p-1 ' })).toBe('p-1');
  });

  it('refuses another parameter, a missing, empty or listed id, and one too long, naming the field', () => {
    expect(refusal({ 'product.id': 'p-1', limit: '5' })).toEqual({ status: 400, fields: ['limit'] });
    expect(refusal(null)).toEqual({ status: 400, fields: ['product.id'] });
    expect(refusal({ 'product.id': '  ' })).toEqual({ status: 400, fields: ['product.id'] });
    expect(refusal({ 'product.id': 'p-1,p-2' })).toEqual({ status: 400, fields: ['product.id'] });
    expect(refusal({ 'product.id': 'x'.repeat(129) })).toEqual({ status: 400, fields: ['product.id'] });
  });
});
