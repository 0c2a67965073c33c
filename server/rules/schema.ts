import { z } from 'zod';
import { tryParseId, type IdPrefix } from '../http/ids.js';
import { refSchema } from '../resources/common-schemas.js';
import { checkCondition } from './conditions.js';
import type { Condition } from './engine.js';

/**
 * The zod schemas of categorisation rules, as clients send them. A bad condition is reported at
 * its own path (`conditions.1.operator`), so the router's validation_error names it.
 */

export const MAX_CONDITIONS = 20;
export const MAX_PRIORITY = 1_000_000;

/**
 * A prefixed ID parsed to its row number, a malformed one being a validation error: for lists
 * that must name exactly the organisation's records (reorder). References to one record use
 * `refSchema`, whose bad or foreign ID is the handler's 404, like every other resource.
 */
export function prefixedIdField(prefix: IdPrefix, what: string) {
  return z
    .string()
    .describe(`${what} ID (${prefix}_…)`)
    .transform((value, ctx) => {
      const id = tryParseId(prefix, value);
      if (id === null) {
        ctx.addIssue({ code: 'custom', message: `must be ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what.toLowerCase()} ID like ${prefix}_1` });
        return z.NEVER;
      }
      return id;
    });
}

export const ConditionInput = z
  .strictObject({
    // Optional only to zod: checkCondition reports a missing part with a message that fits the field.
    field: z.unknown().optional().describe('description, contactName, amount, reference or metadata.<key>').meta({ type: 'string' }),
    operator: z
      .unknown()
      .optional()
      .describe('Text fields: equals, contains, startsWith, endsWith (case-insensitive). amount: equals, gt, gte, lt, lte, between')
      .meta({ type: 'string' }),
    value: z
      .unknown()
      .optional()
      .describe('Text for text fields; integer minor units for amount; [min, max] for between')
      .meta({ anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 }] }),
  })
  // The documented shape: all three parts are needed (zod leaves the checks to checkCondition).
  .meta({ required: ['field', 'operator', 'value'] })
  .transform((raw, ctx): Condition => {
    const checked = checkCondition(raw);
    if (checked.ok) return checked.condition;
    for (const problem of checked.problems) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    return z.NEVER;
  });

const conditions = z
  .array(ConditionInput)
  .min(1, { message: 'needs at least one condition' })
  .max(MAX_CONDITIONS, { message: `allows at most ${MAX_CONDITIONS} conditions` });
const name = z.string().trim().min(1).max(200);
const match = z.enum(['all', 'any']).describe('all: every condition must hold; any: one is enough');
const priority = z.number().int().min(0).max(MAX_PRIORITY).describe('Lower runs first');

export const CreateRuleBody = z.strictObject({
  name,
  conditions,
  match: match.default('all'),
  accountId: refSchema('acc').describe('The category account a matching transaction is posted to'),
  contactId: refSchema('cont').nullable().optional().describe('A contact to set on matching transactions that have none'),
  priority: priority.optional().describe('Lower runs first; default: after every existing rule'),
  active: z.boolean().default(true),
});
export type CreateRuleInput = z.output<typeof CreateRuleBody>;

export const UpdateRuleBody = z.strictObject({
  name: name.optional(),
  conditions: conditions.optional(),
  match: match.optional(),
  accountId: refSchema('acc').optional(),
  contactId: refSchema('cont').nullable().optional(),
  priority: priority.optional(),
  active: z.boolean().optional(),
});
export type UpdateRuleInput = z.output<typeof UpdateRuleBody>;

/** `POST /categorisation-rules/test`: a saved rule by `ruleId`, or an unsaved rule's fields. */
export const TestRuleBody = z
  .strictObject({
    ruleId: refSchema('rule').optional().describe('A saved rule to try'),
    conditions: conditions.optional().describe('An unsaved rule to try (instead of ruleId)'),
    match: match.optional(),
    accountId: refSchema('acc').optional(),
    contactId: refSchema('cont').nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.ruleId === undefined) === (body.conditions === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ruleId'], message: 'give either ruleId (a saved rule) or conditions (an unsaved rule), not both' });
    }
    if (body.ruleId !== undefined) {
      for (const key of ['match', 'accountId', 'contactId'] as const) {
        if (body[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only applies to an unsaved rule (with conditions)' });
      }
    }
  });
export type TestRuleInput = z.output<typeof TestRuleBody>;

export const ReorderRulesBody = z.strictObject({
  ids: z
    .array(prefixedIdField('rule', 'Rule'))
    .max(1000)
    .describe("Every rule of the organisation, in the order they should run (first = highest priority)"),
});
