import { z } from 'zod';
import type { StoredRule } from '../../db/categorisation-rules.js';
import { formatId } from '../../http/ids.js';
import type { Resource } from '../../http/route.js';
import { AMOUNT_OPERATORS, TEXT_OPERATORS } from '../../rules/engine.js';

/** How a categorisation rule looks in responses. */

export const ConditionSchema = z.object({
  field: z.string().describe('description, contactName, amount, reference or metadata.<key>'),
  operator: z.enum([...new Set([...TEXT_OPERATORS, ...AMOUNT_OPERATORS])] as [string, ...string[]]),
  value: z.union([z.string(), z.number().int(), z.tuple([z.number().int(), z.number().int()])]),
});

export const CategorisationRuleSchema = z.object({
  id: z.string().meta({ examples: ['rule_1'] }),
  name: z.string(),
  conditions: z.array(ConditionSchema),
  match: z.enum(['all', 'any']),
  accountId: z.string().describe('The category account matching transactions are posted to'),
  contactId: z.string().nullable().describe('The contact set on matching transactions that have none'),
  priority: z.number().int().describe('Lower runs first; the first active matching rule wins'),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const categorisationRuleResource: Resource = { name: 'CategorisationRule', prefix: 'rule', schema: CategorisationRuleSchema };

export function ruleView(rule: StoredRule): z.output<typeof CategorisationRuleSchema> {
  return {
    id: formatId('rule', rule.id),
    name: rule.name,
    conditions: rule.conditions.map((c) => ({ ...c })),
    match: rule.match,
    accountId: formatId('acc', rule.accountId),
    contactId: rule.contactId === null ? null : formatId('cont', rule.contactId),
    priority: rule.priority,
    active: rule.active,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}
