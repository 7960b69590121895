import { z } from 'zod';
import { API_PREFIX, type AnyRoute } from './define.js';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, details: {} },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate each request. */
export function openApiDocument(routes: AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `${API_PREFIX}${r.path}`.replace(/:(\w+)/g, '{$1}');
    const parameters: Record<string, unknown>[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
    }
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: {
        description: 'success',
        content: { 'application/json': { schema: jsonSchema(r.response, 'output') } },
      },
      '400': { description: 'invalid request', content: { 'application/json': { schema: errorBody } } },
    };
    if (r.auth !== 'public') {
      responses['401'] = {
        description: 'not signed in, or the token is unknown, expired or revoked',
        content: { 'application/json': { schema: errorBody } },
      };
      responses['403'] = {
        description: 'no permission, missing token scope, or a token of another project',
        content: { 'application/json': { schema: errorBody } },
      };
    }
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[/:{}-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
      summary: r.summary,
      tags: [r.tag],
      parameters,
      responses,
      security: r.auth === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    };
    if (typeof r.auth === 'object' && 'scope' in r.auth) op['x-required-scope'] = r.auth.scope;
    if (typeof r.auth === 'object' && r.auth.sessionOnly) op['x-session-only'] = true;
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'chainaudit server API',
      version,
      description: 'Runs, findings and their lifecycle, manual answers, users, tokens and the audit log.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'API token (cat_…), sent as Authorization: Bearer',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-chainaudit' },
      },
    },
    paths,
  };
}
