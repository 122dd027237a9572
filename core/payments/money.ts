/**
 * Money in integer minor units with an ISO 4217 currency code — the one module for it (payments,
 * invoices, the CLI). The number of minor digits comes from Intl (JPY 0, USD 2, KWD 3), so
 * amounts are exact for every currency Intl knows. Pure.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency code (upper case, as Intl lists them). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

/** Minor digits of a currency: 2 for EUR, 0 for JPY. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A minor-unit amount as the decimal string PayPal wants: (1050, 'EUR') → "10.50"; (500, 'JPY') → "500". */
export function toDecimalString(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amountMinor);
  const text = String(amountMinor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The inverse of toDecimalString: ("10.50", 'EUR') → 1050. */
export function fromDecimalString(value: string, currency: string): number {
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 10 ** digits + Number((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
}

/** How an amount is typed in any currency: digits, and "." with decimals (how many is the currency's to say). */
export const TYPED_AMOUNT = /^\d{1,12}(?:\.(\d+))?$/;

/**
 * An amount as a person types it ("12.50", "1200") in minor units of `currency`, or null when it
 * is no such amount: digits with "." for decimals, at most as many decimals as the currency has
 * ("12,50", "EUR 12.50", "-5", "12.505" for EUR and "12.5" for JPY are null).
 *
 * @example typedAmountInMinor('12.50', 'EUR') // 1250
 */
export function typedAmountInMinor(text: string, currency: string): number | null {
  const typed = text.trim();
  const match = TYPED_AMOUNT.exec(typed);
  if (!match || (match[1]?.length ?? 0) > minorDigits(currency)) return null;
  return fromDecimalString(typed, currency);
}

/** An amount for people, with the currency's symbol (booking pages): (4500, 'EUR') → "€45.00"; (5000, 'JPY') → "¥5,000". */
export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** minorDigits(currency));
}

/**
 * "EUR 12.50", "JPY 1,200": the amount in the currency's own precision with its ISO code, for
 * invoices, receipts and the CLI (a code reads the same in every font and every PDF viewer,
 * unlike some symbols).
 *
 * @example formatMoneyWithCode(1250, 'EUR') // 'EUR 12.50'
 */
export function formatMoneyWithCode(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  const text = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amountMinor / 10 ** digits);
  // Intl separates code and amount with a no-break space; plain text tools expect a space.
  return text.replace(/\u00a0/g, ' ');
}
