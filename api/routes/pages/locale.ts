/**
 * The visitor's locale from `Accept-Language`: it decides 12- or 24-hour times and the first
 * day of the week on the booking page. No header, `*` or an unknown tag: en-GB (24-hour, Monday).
 */
export interface VisitorLocale {
  /** A BCP 47 tag the runtime supports, e.g. "en-US". */
  tag: string;
  hour12: boolean;
  /** 7 = the week starts on Sunday (en-US), 1 = Monday. */
  firstWeekday: 1 | 7;
}

const FALLBACK: VisitorLocale = { tag: 'en-GB', hour12: false, firstWeekday: 1 };
/** Regions whose calendars start on Sunday (CLDR's list, the common ones). */
const SUNDAY_REGIONS = new Set(['US', 'CA', 'MX', 'BR', 'JP', 'KR', 'IL', 'PH', 'IN', 'ZA', 'SA', 'AU', 'TW', 'HK']);

/** The first supported tag of an Accept-Language header, by q-value. */
export function visitorLocale(acceptLanguage: string | undefined): VisitorLocale {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number.parseFloat(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((t) => t.tag && t.tag !== '*' && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(t.tag) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of tags) {
    const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
    if (!supported) continue;
    const options = new Intl.DateTimeFormat(supported, { hour: 'numeric' }).resolvedOptions();
    const region = new Intl.Locale(supported).maximize().region ?? '';
    return { tag: supported, hour12: options.hour12 === true, firstWeekday: SUNDAY_REGIONS.has(region) ? 7 : 1 };
  }
  return FALLBACK;
}
