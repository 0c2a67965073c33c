import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { shipmentsOpenApiDocument } from '../fixtures/foreign-api.js';

/** The foreign-API browser tests prove something only if the fixture really is unlike our API. */
describe('the foreign Shipments API fixture', () => {
  const doc = shipmentsOpenApiDocument();

  it('is a valid OpenAPI 3.0 document', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.0\./);
  });

  it('declares no x-id-prefix, a relative server and its own key header', () => {
    expect(JSON.stringify(doc)).not.toContain('x-id-prefix');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/v2' })]);
    expect(JSON.stringify(doc)).not.toMatch(/X-API-Key|bearer/i);
    expect(doc.components).toMatchObject({ securitySchemes: { shipmentsKey: { type: 'apiKey', in: 'header', name: 'X-Shipments-Key' } } });
  });
});
