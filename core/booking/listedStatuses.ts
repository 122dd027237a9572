/**
 * Which meetings a list shows when the reader asks for no status: what is still on (upcoming), or
 * what took place or was due to (past). Canceled and declined meetings have their own filters.
 * The CLI, the dashboard and any other list read these, so "yava meetings" and /app agree.
 * No imports: the CLI's fast path loads this file.
 */
export const LISTED_BY_DEFAULT = {
  /** Unpaid holds too: they keep their slot until paid or expired. */
  upcoming: ['pending', 'pending_payment', 'scheduled'],
  past: ['pending', 'scheduled', 'completed', 'no_show'],
} as const;
