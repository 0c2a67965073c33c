import { describe, expect, it } from 'vitest';
import {
  conditionMatches,
  firstMatchingRule,
  ruleMatcher,
  ruleMatches,
  type Condition,
  type PrioritisedRule,
  type RuleSubject,
} from '../../../server/rules/engine.js';

const subject: RuleSubject = {
  description: 'TESCO STORES 1234 London',
  contactName: 'Tesco plc',
  amount: -4599,
  reference: 'CARD-9876',
  metadata: { project: 'Alpha', costCentre: 'Ops' },
};

const matches = (condition: Condition, s: RuleSubject = subject) => conditionMatches(condition, s);

describe('conditions on text fields', () => {
  it('equals, contains, startsWith and endsWith ignore case on description', () => {
    expect(matches({ field: 'description', operator: 'equals', value: 'tesco stores 1234 london' })).toBe(true);
    expect(matches({ field: 'description', operator: 'equals', value: 'tesco' })).toBe(false);
    expect(matches({ field: 'description', operator: 'contains', value: 'Stores 12' })).toBe(true);
    expect(matches({ field: 'description', operator: 'contains', value: 'sainsbury' })).toBe(false);
    expect(matches({ field: 'description', operator: 'startsWith', value: 'tesco' })).toBe(true);
    expect(matches({ field: 'description', operator: 'startsWith', value: 'london' })).toBe(false);
    expect(matches({ field: 'description', operator: 'endsWith', value: 'LONDON' })).toBe(true);
    expect(matches({ field: 'description', operator: 'endsWith', value: 'tesco' })).toBe(false);
  });

  it('tests contactName and reference, and never matches when they are missing', () => {
    expect(matches({ field: 'contactName', operator: 'equals', value: 'TESCO PLC' })).toBe(true);
    expect(matches({ field: 'contactName', operator: 'startsWith', value: 'sains' })).toBe(false);
    expect(matches({ field: 'reference', operator: 'startsWith', value: 'card-' })).toBe(true);
    expect(matches({ field: 'reference', operator: 'endsWith', value: '9877' })).toBe(false);
    const bare = { ...subject, contactName: null, reference: null };
    expect(matches({ field: 'contactName', operator: 'contains', value: 't' }, bare)).toBe(false);
    expect(matches({ field: 'reference', operator: 'contains', value: 'c' }, bare)).toBe(false);
  });

  it('tests metadata.<key>, and a missing key never matches', () => {
    expect(matches({ field: 'metadata.project', operator: 'equals', value: 'alpha' })).toBe(true);
    expect(matches({ field: 'metadata.project', operator: 'equals', value: 'beta' })).toBe(false);
    expect(matches({ field: 'metadata.costCentre', operator: 'contains', value: 'op' })).toBe(true);
    expect(matches({ field: 'metadata.missing', operator: 'contains', value: 'a' })).toBe(false);
    // Inherited object properties are not metadata.
    expect(matches({ field: 'metadata.constructor', operator: 'contains', value: 'function' })).toBe(false);
  });
});

describe('conditions on the amount (signed minor units)', () => {
  it('compares with equals, gt, gte, lt, lte', () => {
    expect(matches({ field: 'amount', operator: 'equals', value: -4599 })).toBe(true);
    expect(matches({ field: 'amount', operator: 'equals', value: 4599 })).toBe(false);
    expect(matches({ field: 'amount', operator: 'gt', value: -5000 })).toBe(true);
    expect(matches({ field: 'amount', operator: 'gt', value: -4599 })).toBe(false);
    expect(matches({ field: 'amount', operator: 'gte', value: -4599 })).toBe(true);
    expect(matches({ field: 'amount', operator: 'gte', value: -4598 })).toBe(false);
    expect(matches({ field: 'amount', operator: 'lt', value: 0 })).toBe(true);
    expect(matches({ field: 'amount', operator: 'lt', value: -4599 })).toBe(false);
    expect(matches({ field: 'amount', operator: 'lte', value: -4599 })).toBe(true);
    expect(matches({ field: 'amount', operator: 'lte', value: -4600 })).toBe(false);
  });

  it('between is inclusive at both ends', () => {
    expect(matches({ field: 'amount', operator: 'between', value: [-4599, -1] })).toBe(true);
    expect(matches({ field: 'amount', operator: 'between', value: [-10000, -4599] })).toBe(true);
    expect(matches({ field: 'amount', operator: 'between', value: [-4598, 0] })).toBe(false);
    expect(matches({ field: 'amount', operator: 'between', value: [0, 10000] })).toBe(false);
  });
});

describe('combining conditions', () => {
  const yes: Condition = { field: 'description', operator: 'contains', value: 'tesco' };
  const no: Condition = { field: 'amount', operator: 'gt', value: 0 };

  it('all needs every condition, any needs one', () => {
    expect(ruleMatches({ match: 'all', conditions: [yes, yes] }, subject)).toBe(true);
    expect(ruleMatches({ match: 'all', conditions: [yes, no] }, subject)).toBe(false);
    expect(ruleMatches({ match: 'any', conditions: [no, yes] }, subject)).toBe(true);
    expect(ruleMatches({ match: 'any', conditions: [no, no] }, subject)).toBe(false);
  });

  it('a rule with no conditions matches nothing', () => {
    expect(ruleMatches({ match: 'all', conditions: [] }, subject)).toBe(false);
    expect(ruleMatches({ match: 'any', conditions: [] }, subject)).toBe(false);
  });
});

describe('priority order', () => {
  const rule = (id: number, priority: number, conditions: Condition[], active = true): PrioritisedRule & { name: string } => ({
    id,
    priority,
    active,
    match: 'all',
    conditions,
    name: `rule ${id}`,
  });
  const tesco: Condition = { field: 'description', operator: 'contains', value: 'tesco' };
  const spend: Condition = { field: 'amount', operator: 'lt', value: 0 };
  const income: Condition = { field: 'amount', operator: 'gt', value: 0 };

  it('the first active matching rule in priority order wins, whatever the list order', () => {
    const rules = [rule(1, 20, [spend]), rule(2, 10, [tesco]), rule(3, 5, [income])];
    expect(firstMatchingRule(rules, subject)?.id).toBe(2);
    expect(firstMatchingRule([...rules].reverse(), subject)?.id).toBe(2);
  });

  it('skips inactive rules', () => {
    const rules = [rule(1, 20, [spend]), rule(2, 10, [tesco], false)];
    expect(firstMatchingRule(rules, subject)?.id).toBe(1);
  });

  it('breaks priority ties by the older rule', () => {
    expect(firstMatchingRule([rule(9, 1, [spend]), rule(4, 1, [tesco])], subject)?.id).toBe(4);
  });

  it('returns null when nothing matches, and ruleMatcher agrees with firstMatchingRule', () => {
    const rules = [rule(1, 1, [income])];
    expect(firstMatchingRule(rules, subject)).toBeNull();
    const match = ruleMatcher([rule(1, 2, [spend]), rule(2, 1, [tesco]), rule(3, 0, [income])]);
    expect(match(subject)?.id).toBe(2);
    expect(match({ ...subject, description: 'Rent', amount: 100 })?.id).toBe(3);
    expect(match({ ...subject, description: 'Rent' })?.id).toBe(1);
  });

  it('does not reorder the caller’s array', () => {
    const rules = [rule(1, 2, [spend]), rule(2, 1, [tesco])];
    firstMatchingRule(rules, subject);
    expect(rules.map((r) => r.id)).toEqual([1, 2]);
  });
});
