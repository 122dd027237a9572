/** What the spam check reads in a booking's own words: the e-mail's domain, links in text. */
import mailchecker from 'mailchecker';

/** The lower-cased domain of an e-mail address ('' when there is none). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
}

let disposable: Set<string> | null = null;

/**
 * Whether the domain (or a parent of it) is a disposable-address provider, from the list the
 * `mailchecker` package maintains.
 *
 * @example isDisposableDomain('mailinator.com') // true
 */
export function isDisposableDomain(domain: string): boolean {
  disposable ??= mailchecker.blacklist();
  const parts = domain.toLowerCase().split('.');
  for (let i = 0; i < parts.length - 1; i++) if (disposable.has(parts.slice(i).join('.'))) return true;
  return false;
}

// A scheme link, a www. host, or a bare domain with a path (spam rarely writes "example.com" alone).
const LINK = /(\b[a-z][a-z0-9+.-]*:\/\/\S)|(\bwww\.[a-z0-9-]+\.)|(\b[a-z0-9-]+\.(com|net|org|info|biz|ru|cn|xyz|top|io|co|me|link|click|site|online|shop)\/\S)|(<a\s)|(\[url)/i;

/** Whether a name or note contains a link. */
export function hasLink(text: string | null | undefined): boolean {
  return Boolean(text) && LINK.test(text!);
}
