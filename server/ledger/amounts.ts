/**
 * Line and document arithmetic for invoices and quotes, in integers only.
 *
 * Rounding (documented in the OpenAPI description too):
 * - a line's net amount is quantity × unit price, rounded half-up to the minor unit;
 * - its tax is net × rate, rounded half-up to the minor unit, per line (HMRC allows per-line
 *   rounding; it is also what a customer can check line by line);
 * - "half-up" rounds the magnitude, so −2.5p becomes −3p just as 2.5p becomes 3p: a discount line
 *   mirrors the charge it cancels;
 * - document totals are the sums of the rounded line figures, never re-rounded:
 *   subtotal = Σ net, taxTotal = Σ tax, total = subtotal + taxTotal.
 *
 * Quantities carry at most 4 decimal places and tax rates at most 2, so both are held as scaled
 * integers (1.5 → 15000 ten-thousandths, 20% → 2000 hundredths of a percent) and the products are
 * computed in BigInt: nothing passes through binary floating point.
 */

export const QUANTITY_SCALE = 10_000;
export const TAX_RATE_SCALE = 100;
/** 10 billion in major units per line: totals of up to 100 such lines stay exact JS integers. */
export const MAX_LINE_AMOUNT = 1_000_000_000_000;
export const MAX_LINES = 100;

export interface LineInput {
  /** Ten-thousandths of a unit. */
  quantityE4: number;
  /** Minor units; may be negative (a discount line). */
  unitPrice: number;
  /** Hundredths of a percent. */
  taxRateBp: number;
}

export interface LineAmounts {
  netAmount: number;
  taxAmount: number;
}

export interface DocumentTotals {
  subtotal: number;
  taxTotal: number;
  total: number;
}

/** n / d rounded half-up on the magnitude, for d > 0. */
export function divideRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const magnitude = n < 0n ? -n : n;
  const rounded = (2n * magnitude + d) / (2n * d);
  return n < 0n ? -rounded : rounded;
}

export function lineAmounts(line: LineInput): LineAmounts {
  const net = divideRoundHalfUp(BigInt(line.quantityE4) * BigInt(line.unitPrice), BigInt(QUANTITY_SCALE));
  const tax = divideRoundHalfUp(net * BigInt(line.taxRateBp), BigInt(100 * TAX_RATE_SCALE));
  return { netAmount: Number(net), taxAmount: Number(tax) };
}

export function documentTotals(lines: readonly LineAmounts[]): DocumentTotals {
  let subtotal = 0;
  let taxTotal = 0;
  for (const line of lines) {
    subtotal += line.netAmount;
    taxTotal += line.taxAmount;
  }
  return { subtotal, taxTotal, total: subtotal + taxTotal };
}

/** `1.5` → 15000, or null when the number has more decimal places than the scale allows. */
export function toScaled(value: number, scale: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scaled = Math.round(value * scale);
  // Exact when dividing back gives the same double: 1.0001 passes, 1.00001 does not.
  return scaled / scale === value && Number.isSafeInteger(scaled) ? scaled : null;
}

export function fromScaled(scaled: number, scale: number): number {
  return scaled / scale;
}
