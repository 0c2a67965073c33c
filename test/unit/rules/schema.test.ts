import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../server/http/validation.js';
import { CreateRuleBody, ReorderRulesBody, TestRuleBody, UpdateRuleBody } from '../../../server/rules/schema.js';

const valid = {
  name: 'Supermarkets',
  conditions: [
    { field: 'description', operator: 'contains', value: 'tesco' },
    { field: 'amount', operator: 'between', value: [-10000, 0] },
  ],
  accountId: 'acc_5',
};

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, body: unknown) {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('expected a validation error');
  return fieldErrors(result.error as never).map((e) => `${e.field}: ${e.message}`);
}

describe('categorisation rule schemas', () => {
  it('parses a valid rule, with defaults', () => {
    expect(CreateRuleBody.parse(valid)).toEqual({
      name: 'Supermarkets',
      conditions: valid.conditions,
      match: 'all',
      accountId: 'acc_5',
      active: true,
    });
    expect(CreateRuleBody.parse({ ...valid, contactId: 'cont_2', priority: 3, match: 'any', active: false })).toMatchObject({
      contactId: 'cont_2',
      priority: 3,
      match: 'any',
      active: false,
    });
  });

  it('names the condition and the part at fault when an operator does not fit the field', () => {
    const body = { ...valid, conditions: [valid.conditions[0], { field: 'description', operator: 'gt', value: 5 }] };
    expect(errorsOf(CreateRuleBody, body)).toEqual([
      'conditions.1.operator: "gt" does not apply to the text field description; use "equals", "contains", "startsWith", "endsWith"',
    ]);
    const amount = { ...valid, conditions: [{ field: 'amount', operator: 'contains', value: '5' }] };
    expect(errorsOf(CreateRuleBody, amount)).toEqual([
      'conditions.0.operator: "contains" does not apply to the number field amount; use "equals", "gt", "gte", "lt", "lte", "between"',
    ]);
    const metadata = { ...valid, conditions: [{ field: 'metadata.project', operator: 'lte', value: 1 }] };
    expect(errorsOf(CreateRuleBody, metadata)[0]).toMatch(/^conditions\.0\.operator: "lte" does not apply to the text field metadata\.project/);
  });

  it('names unknown fields and operators, bad values, and every bad condition at once', () => {
    const body = {
      ...valid,
      conditions: [
        { field: 'descripton', operator: 'contains', value: 'x' },
        { field: 'amount', operator: 'above', value: 1 },
        { field: 'amount', operator: 'gt', value: 1.5 },
        { field: 'amount', operator: 'between', value: [10, 1] },
        { field: 'amount', operator: 'between', value: 5 },
        { field: 'reference', operator: 'equals', value: '' },
        { field: 'reference', operator: 'equals', value: 7 },
        { field: 'metadata.', operator: 'equals', value: 'x' },
        { operator: 'equals', value: 'x' },
        { field: 'description', value: 'x' },
        { field: 'description', operator: 'equals', value: 'x', extra: 1 },
      ],
    };
    expect(errorsOf(CreateRuleBody, body)).toEqual([
      'conditions.0.field: unknown field "descripton"; use description, contactName, amount, reference or metadata.<key>',
      'conditions.1.operator: unknown operator "above"; the number field amount takes "equals", "gt", "gte", "lt", "lte", "between"',
      'conditions.2.value: must be an integer amount in minor units (pence; negative for money out)',
      'conditions.3.value: must be [min, max] with min not above max (got [10, 1])',
      'conditions.4.value: must be [min, max]: two integer amounts in minor units (pence)',
      'conditions.5.value: must not be empty',
      'conditions.6.value: must be text',
      'conditions.7.field: the metadata key in "metadata." must be 1–40 characters',
      'conditions.8.field: is required: one of description, contactName, amount, reference or metadata.<key>',
      'conditions.9.operator: is required: one of "equals", "contains", "startsWith", "endsWith" for the text field description',
      'conditions.10.extra: Unknown field "extra"',
    ]);
  });

  it('needs 1–20 conditions and a name', () => {
    expect(errorsOf(CreateRuleBody, { ...valid, conditions: [] })).toEqual(['conditions: needs at least one condition']);
    const many = Array.from({ length: 21 }, () => valid.conditions[0]);
    expect(errorsOf(CreateRuleBody, { ...valid, conditions: many })).toEqual(['conditions: allows at most 20 conditions']);
    expect(errorsOf(CreateRuleBody, { ...valid, name: ' ', accountId: 5 })).toEqual([
      'name: Too small: expected string to have >=1 characters',
      'accountId: Invalid input: expected string, received number',
    ]);
  });

  it('updates take any subset, and contactId null clears', () => {
    expect(UpdateRuleBody.parse({ active: false, contactId: null })).toEqual({ active: false, contactId: null });
    expect(errorsOf(UpdateRuleBody, { conditions: [{ field: 'amount', operator: 'equals', value: 'ten' }] })).toEqual([
      'conditions.0.value: must be an integer amount in minor units (pence; negative for money out)',
    ]);
  });

  it('a test body is a saved rule by ID or an unsaved rule, not both', () => {
    expect(TestRuleBody.parse({ ruleId: 'rule_3' })).toEqual({ ruleId: 'rule_3' });
    expect(TestRuleBody.parse({ conditions: valid.conditions, accountId: 'acc_1' })).toMatchObject({ accountId: 'acc_1' });
    expect(errorsOf(TestRuleBody, {})[0]).toMatch(/^ruleId: give either ruleId/);
    expect(errorsOf(TestRuleBody, { ruleId: 'rule_3', conditions: valid.conditions })[0]).toMatch(/^ruleId: give either/);
    expect(errorsOf(TestRuleBody, { ruleId: 'rule_3', accountId: 'acc_1' })).toEqual(['accountId: only applies to an unsaved rule (with conditions)']);
  });

  it('reorder takes rule IDs', () => {
    expect(ReorderRulesBody.parse({ ids: ['rule_2', 'rule_1'] })).toEqual({ ids: [2, 1] });
    expect(errorsOf(ReorderRulesBody, { ids: ['rule_2', 'acc_1'] })).toEqual(['ids.1: must be a rule ID like rule_1']);
  });
});
