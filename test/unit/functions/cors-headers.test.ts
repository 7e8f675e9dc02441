import { describe, expect, it } from 'vitest';
import { allowedOriginsFromEnvironment, corsHeaders } from '../../../functions/lib/http/cors.js';

const apps = 'https://d111111abcdef8.cloudfront.net';

describe('CORS headers on an answer', () => {
  it('name an allowed origin and expose what the apps read', () => {
    expect(corsHeaders({ headers: { Origin: apps } }, [apps])).toEqual({
      'access-control-allow-origin': apps,
      'access-control-expose-headers': 'ETag, Location, X-Total-Count, X-Result-Count, Retry-After, X-Correlation-Id',
      vary: 'Origin',
    });
  });

  it('name no other origin, and vary on it all the same', () => {
    expect(corsHeaders({ headers: { origin: 'https://evil.example' } }, [apps])).toEqual({ vary: 'Origin' });
    expect(corsHeaders({ headers: {} }, [apps])).toEqual({ vary: 'Origin' });
  });

  it('add nothing where no origin is allowed (the local runtime: the apps are on the API’s origin)', () => {
    expect(corsHeaders({ headers: { origin: apps } }, [])).toEqual({});
  });

  it('read the allowed origins from the environment', () => {
    expect(allowedOriginsFromEnvironment(`${apps}, https://admin.example.com`)).toEqual([apps, 'https://admin.example.com']);
    expect(allowedOriginsFromEnvironment(undefined)).toEqual([]);
  });
});
