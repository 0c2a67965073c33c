import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { optionalText, requiredText } from '../common-schemas.js';
import { metadataPatchSchema, metadataSchema } from '../metadata.js';

export const CONTACT_TYPES = ['customer', 'supplier', 'both'] as const;

const addressFields = {
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postcode: optionalText(20),
  country: optionalText(100),
};

export const addressInput = z.strictObject(addressFields);

export const AddressSchema = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postcode: z.string().nullable(),
  country: z.string().nullable(),
});

/** Normalises an address input to the stored shape (every field present, blank → null). */
export function addressValue(input: z.output<typeof addressInput>): z.infer<typeof AddressSchema> {
  return {
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    city: input.city ?? null,
    region: input.region ?? null,
    postcode: input.postcode ?? null,
    country: input.country ?? null,
  };
}

const contactFields = {
  name: requiredText(200),
  type: z.enum(CONTACT_TYPES).optional().describe('customer (default), supplier or both'),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'Must be an email address' }))
    .nullable()
    .optional(),
  phone: optionalText(50),
  taxNumber: optionalText(50).describe('VAT or other tax registration number'),
  address: addressInput.nullable().optional(),
  metadata: metadataPatchSchema.optional(),
};

/** POST and PUT: `name` is required; PUT replaces every field it does not mention with its default. */
export const contactBody = z.strictObject(contactFields);
/** PATCH: only the fields given change. */
export const contactPatchBody = z.strictObject(contactFields).partial();

export const ContactSchema = z
  .object({
    id: z.string().meta({ examples: ['cont_1'] }),
    name: z.string(),
    type: z.enum(CONTACT_TYPES),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    taxNumber: z.string().nullable(),
    address: AddressSchema.nullable(),
    metadata: metadataSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A customer or supplier');

export const ContactResource: Resource = { name: 'Contact', prefix: 'cont', schema: ContactSchema };
