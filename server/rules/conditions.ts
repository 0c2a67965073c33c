import {
  AMOUNT_OPERATORS,
  BUILT_IN_TEXT_FIELDS,
  METADATA_FIELD_PREFIX,
  TEXT_OPERATORS,
  type AmountOperator,
  type Condition,
  type TextField,
  type TextOperator,
} from './engine.js';

/**
 * Checking one condition a client sent. Pure, and separate from zod so each message can say
 * exactly what is wrong with which part (`"gt" does not apply to the text field description`).
 */

export const MAX_CONDITION_TEXT = 500;
/** Metadata keys are 1–40 characters (SPEC §4). */
const MAX_METADATA_KEY = 40;
/** Amount limits match what a transaction can hold (10^12 pence). */
const MAX_AMOUNT = 1_000_000_000_000;

export interface ConditionProblem {
  /** The part of the condition at fault: `field`, `operator` or `value` (empty for the whole). */
  path: Array<'field' | 'operator' | 'value'>;
  message: string;
}

export type CheckedCondition = { ok: true; condition: Condition } | { ok: false; problems: ConditionProblem[] };

const FIELD_LIST = 'description, contactName, amount, reference or metadata.<key>';
const quoteList = (items: readonly string[]) => items.map((i) => `"${i}"`).join(', ');

function checkField(field: unknown): { kind: 'text'; field: TextField } | { kind: 'amount' } | { problem: string } {
  if (field === undefined) return { problem: `is required: one of ${FIELD_LIST}` };
  if (typeof field !== 'string') return { problem: `must be text: one of ${FIELD_LIST}` };
  if (field === 'amount') return { kind: 'amount' };
  if ((BUILT_IN_TEXT_FIELDS as readonly string[]).includes(field)) return { kind: 'text', field: field as TextField };
  if (field.startsWith(METADATA_FIELD_PREFIX)) {
    const key = field.slice(METADATA_FIELD_PREFIX.length);
    if (key.length < 1 || key.length > MAX_METADATA_KEY) return { problem: `the metadata key in "${field}" must be 1–${MAX_METADATA_KEY} characters` };
    return { kind: 'text', field: field as TextField };
  }
  return { problem: `unknown field "${field}"; use ${FIELD_LIST}` };
}

const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= MAX_AMOUNT;
const AMOUNT_HINT = 'an integer amount in minor units (pence; negative for money out)';

function checkTextValue(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_CONDITION_TEXT) return `must be at most ${MAX_CONDITION_TEXT} characters`;
  return null;
}

function checkAmountValue(operator: AmountOperator, value: unknown): string | null {
  if (operator !== 'between') return isAmount(value) ? null : `must be ${AMOUNT_HINT}`;
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isAmount)) {
    return `must be [min, max]: two integer amounts in minor units (pence)`;
  }
  return (value[0] as number) <= (value[1] as number) ? null : `must be [min, max] with min not above max (got [${value[0]}, ${value[1]}])`;
}

/** Validates `{field, operator, value}` against the field's type; returns the typed condition or every problem. */
export function checkCondition(raw: { field?: unknown; operator?: unknown; value?: unknown }): CheckedCondition {
  const field = checkField(raw.field);
  if ('problem' in field) return { ok: false, problems: [{ path: ['field'], message: field.problem }] };
  const operators: readonly string[] = field.kind === 'text' ? TEXT_OPERATORS : AMOUNT_OPERATORS;
  const { operator, value } = raw;
  const fieldName = field.kind === 'text' ? field.field : 'amount';
  const typeName = field.kind === 'text' ? 'text' : 'number';
  if (operator === undefined || typeof operator !== 'string') {
    return { ok: false, problems: [{ path: ['operator'], message: `is required: one of ${quoteList(operators)} for the ${typeName} field ${fieldName}` }] };
  }
  if (!operators.includes(operator)) {
    const known = [...TEXT_OPERATORS, ...AMOUNT_OPERATORS] as readonly string[];
    const message = known.includes(operator)
      ? `"${operator}" does not apply to the ${typeName} field ${fieldName}; use ${quoteList(operators)}`
      : `unknown operator "${operator}"; the ${typeName} field ${fieldName} takes ${quoteList(operators)}`;
    return { ok: false, problems: [{ path: ['operator'], message }] };
  }
  if (field.kind === 'text') {
    const problem = checkTextValue(value);
    if (problem) return { ok: false, problems: [{ path: ['value'], message: problem }] };
    return { ok: true, condition: { field: field.field, operator: operator as TextOperator, value: value as string } };
  }
  const problem = checkAmountValue(operator as AmountOperator, value);
  if (problem) return { ok: false, problems: [{ path: ['value'], message: problem }] };
  return { ok: true, condition: { field: 'amount', operator, value } as Condition };
}
