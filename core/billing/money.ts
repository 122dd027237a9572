/**
 * Money as integer minor units with an ISO 4217 currency, formatted with Intl: JPY has no
 * decimals, EUR two, KWD three. Pure.
 */

/** How many minor-unit digits the currency has (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * "EUR 12.50", "JPY 1,200": the amount in the currency's own precision, with its ISO code
 * (a code reads the same in every font and every PDF viewer, unlike some symbols).
 *
 * @example formatMoney(1250, 'EUR') // 'EUR 12.50'
 */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  const text = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
  // Intl separates code and amount with a no-break space; plain text tools expect a space.
  return text.replace(/\u00a0/g, ' ');
}
