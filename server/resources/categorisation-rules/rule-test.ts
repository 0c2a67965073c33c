import { z } from 'zod';
import type { Tenant } from '../../auth/principal.js';
import { transactionsForRules, type RuleSubjectRow, type StoredRule } from '../../db/categorisation-rules.js';
import type { DB } from '../../db/open.js';
import { formatId } from '../../http/ids.js';
import { ruleMatcher, ruleMatches, type RuleLogic, type RuleSubject } from '../../rules/engine.js';
import { parseStoredMetadata } from '../metadata.js';
import { ConditionSchema } from './view.js';

/**
 * `POST /categorisation-rules/test`: which existing transactions a rule matches and what they
 * would become. Read-only by construction: it only selects.
 */

/** Matches listed in full; the count covers every transaction. */
export const MAX_LISTED_MATCHES = 100;
const BATCH = 500;

export interface RuleUnderTest extends RuleLogic {
  /** Set for a saved rule: its place among the other rules decides whether it would win. */
  saved: StoredRule | null;
  accountId: number | null;
  contactId: number | null;
}

const idOrNull = (prefix: 'acc' | 'cont' | 'rule', id: number | null) => (id === null ? null : formatId(prefix, id));

export const RuleTestResultSchema = z.object({
  rule: z.object({
    id: z.string().nullable().describe('The saved rule tried, or null for an unsaved one'),
    conditions: z.array(ConditionSchema),
    match: z.enum(['all', 'any']),
    accountId: z.string().nullable(),
    contactId: z.string().nullable(),
  }),
  checked: z.number().int().describe('Transactions looked at: all of the organisation’s in this mode'),
  matched: z.number().int().describe('How many of them the rule matches'),
  truncated: z.boolean().describe(`True when more than ${MAX_LISTED_MATCHES} match and only the newest are listed`),
  matches: z.array(
    z.object({
      transactionId: z.string(),
      date: z.string(),
      description: z.string(),
      amount: z.number().int(),
      reference: z.string().nullable(),
      contactName: z.string().nullable(),
      current: z.object({ accountId: z.string().nullable(), contactId: z.string().nullable(), status: z.string() }),
      wouldBecome: z.object({ accountId: z.string().nullable(), contactId: z.string().nullable() }),
      overriddenBy: z
        .string()
        .nullable()
        .describe('For a saved rule: an earlier active rule that matches too and would decide instead'),
    }),
  ),
});
export type RuleTestResult = z.output<typeof RuleTestResultSchema>;

export function subjectOf(row: Pick<RuleSubjectRow, 'description' | 'contactName' | 'amount' | 'reference' | 'metadata'>): RuleSubject {
  return {
    description: row.description,
    contactName: row.contactName,
    amount: row.amount,
    reference: row.reference,
    metadata: parseStoredMetadata(row.metadata),
  };
}

export async function testRule(db: DB, tenant: Tenant, rule: RuleUnderTest, allRules: readonly StoredRule[]): Promise<RuleTestResult> {
  // A saved rule is tried as if active, in its place in the order: an earlier rule may win.
  const saved = rule.saved;
  const winner = saved ? ruleMatcher(allRules.map((r) => (r.id === saved.id ? { ...r, active: true } : r))) : null;
  const matches: RuleTestResult['matches'] = [];
  let checked = 0;
  let matched = 0;
  let beforeId: number | null = null;
  for (;;) {
    const batch = await transactionsForRules(db, tenant, { beforeId, limit: BATCH });
    for (const row of batch) {
      checked += 1;
      const subject = subjectOf(row);
      if (!ruleMatches(rule, subject)) continue;
      matched += 1;
      if (matches.length >= MAX_LISTED_MATCHES) continue;
      const decidedBy = winner ? winner(subject) : null;
      matches.push({
        transactionId: formatId('txn', row.id),
        date: row.date,
        description: row.description,
        amount: row.amount,
        reference: row.reference,
        contactName: row.contactName,
        current: { accountId: idOrNull('acc', row.accountId), contactId: idOrNull('cont', row.contactId), status: row.status },
        wouldBecome: {
          accountId: idOrNull('acc', rule.accountId),
          // A rule's contact fills a gap; it never replaces a contact the transaction already has.
          contactId: idOrNull('cont', row.contactId ?? rule.contactId),
        },
        overriddenBy: decidedBy && saved && decidedBy.id !== saved.id ? formatId('rule', decidedBy.id) : null,
      });
    }
    if (batch.length < BATCH) break;
    beforeId = (batch[batch.length - 1] as RuleSubjectRow).id;
  }
  return {
    rule: {
      id: saved ? formatId('rule', saved.id) : null,
      conditions: rule.conditions.map((c) => ({ ...c })),
      match: rule.match,
      accountId: idOrNull('acc', rule.accountId),
      contactId: idOrNull('cont', rule.contactId),
    },
    checked,
    matched,
    truncated: matched > matches.length,
    matches,
  };
}
