/**
 * The categorisation rule engine: pure functions from (rules, transaction) to the rule that
 * decides the transaction's category. No database, no HTTP — the same code previews an import,
 * confirms it, and answers `POST /categorisation-rules/test`.
 */

export const TEXT_OPERATORS = ['equals', 'contains', 'startsWith', 'endsWith'] as const;
export const AMOUNT_OPERATORS = ['equals', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
export const BUILT_IN_TEXT_FIELDS = ['description', 'contactName', 'reference'] as const;
export const METADATA_FIELD_PREFIX = 'metadata.';

export type TextOperator = (typeof TEXT_OPERATORS)[number];
export type AmountOperator = (typeof AMOUNT_OPERATORS)[number];
export type TextField = (typeof BUILT_IN_TEXT_FIELDS)[number] | `metadata.${string}`;
export type MatchMode = 'all' | 'any';

export type TextCondition = { field: TextField; operator: TextOperator; value: string };
export type AmountCondition =
  | { field: 'amount'; operator: Exclude<AmountOperator, 'between'>; value: number }
  | { field: 'amount'; operator: 'between'; value: [number, number] };
export type Condition = TextCondition | AmountCondition;

/** What a rule decides on: its conditions and how they combine. */
export interface RuleLogic {
  conditions: readonly Condition[];
  match: MatchMode;
}

/** A saved rule as the engine orders them. */
export interface PrioritisedRule extends RuleLogic {
  id: number;
  /** Lower runs first; ties go to the older rule (lower id). */
  priority: number;
  active: boolean;
}

/** The facts of a bank transaction that conditions can test. */
export interface RuleSubject {
  description: string;
  contactName: string | null;
  /** Signed minor units: money in positive, money out negative. */
  amount: number;
  reference: string | null;
  metadata: Readonly<Record<string, string>>;
}

function textOf(subject: RuleSubject, field: TextField): string | null {
  if (field.startsWith(METADATA_FIELD_PREFIX)) {
    const key = field.slice(METADATA_FIELD_PREFIX.length);
    return Object.hasOwn(subject.metadata, key) ? (subject.metadata[key] ?? null) : null;
  }
  switch (field) {
    case 'description':
      return subject.description;
    case 'contactName':
      return subject.contactName;
    case 'reference':
      return subject.reference;
    default:
      return null;
  }
}

/** Case-insensitive text comparison; a missing value (no contact, no such metadata key) never matches. */
function textMatches(actual: string | null, operator: TextOperator, expected: string): boolean {
  if (actual === null) return false;
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  switch (operator) {
    case 'equals':
      return a === e;
    case 'contains':
      return a.includes(e);
    case 'startsWith':
      return a.startsWith(e);
    case 'endsWith':
      return a.endsWith(e);
  }
}

function amountMatches(amount: number, condition: AmountCondition): boolean {
  switch (condition.operator) {
    case 'equals':
      return amount === condition.value;
    case 'gt':
      return amount > condition.value;
    case 'gte':
      return amount >= condition.value;
    case 'lt':
      return amount < condition.value;
    case 'lte':
      return amount <= condition.value;
    case 'between':
      // Inclusive at both ends, like a bookkeeper's "between £10 and £20".
      return amount >= condition.value[0] && amount <= condition.value[1];
  }
}

export function conditionMatches(condition: Condition, subject: RuleSubject): boolean {
  if (condition.field === 'amount') return amountMatches(subject.amount, condition as AmountCondition);
  const text = condition as TextCondition;
  return textMatches(textOf(subject, text.field), text.operator, text.value);
}

/** `all`: every condition holds; `any`: at least one does. A rule without conditions matches nothing. */
export function ruleMatches(rule: RuleLogic, subject: RuleSubject): boolean {
  if (rule.conditions.length === 0) return false;
  return rule.match === 'all'
    ? rule.conditions.every((c) => conditionMatches(c, subject))
    : rule.conditions.some((c) => conditionMatches(c, subject));
}

/** Active rules in the order they are tried. */
export function rulesInPriorityOrder<R extends PrioritisedRule>(rules: readonly R[]): R[] {
  return rules.filter((r) => r.active).sort((a, b) => a.priority - b.priority || a.id - b.id);
}

/** The first active rule, in priority order, that matches — the one that decides the category. */
export function firstMatchingRule<R extends PrioritisedRule>(rules: readonly R[], subject: RuleSubject): R | null {
  return rulesInPriorityOrder(rules).find((rule) => ruleMatches(rule, subject)) ?? null;
}

/** Same, for many subjects: sorts once. */
export function ruleMatcher<R extends PrioritisedRule>(rules: readonly R[]): (subject: RuleSubject) => R | null {
  const ordered = rulesInPriorityOrder(rules);
  return (subject) => ordered.find((rule) => ruleMatches(rule, subject)) ?? null;
}
