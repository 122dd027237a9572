import type { RoutingOutcome } from '../../core/routing/responses.js';

/** A routed response: where to go (absolute URL) or the refusal, and why. */
export function presentRoutingOutcome(o: RoutingOutcome, publicUrl: string) {
  const t = o.target;
  return {
    responseId: o.responseId,
    route: o.route,
    ruleIndex: o.ruleIndex,
    reason: o.reason,
    scoring: o.scoring,
    ...(t.kind === 'redirect' ? { redirectUrl: t.path.startsWith('/') ? `${publicUrl}${t.path}` : t.path } : { message: t.message }),
  };
}
