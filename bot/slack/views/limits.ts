/**
 * What Slack accepts in Block Kit (a message breaking one is refused whole, and the person sees
 * nothing): 3000 characters in a section or context text, 300 in a confirm dialog's text.
 * Titles and name lists are cut well inside them, so the line they stand in still fits.
 */
export const TEXT_MAX = 3000;
/** Long enough for any title Yava stores (200), short enough for a confirm dialog (300) with its date. */
export const TITLE_MAX = 200;
export const NAMES_MAX = 1000;
