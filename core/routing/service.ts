/** The routing-form service: forms for their owner, answers from visitors, CSV export. */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { LlmClientConfig, LlmLogger } from '../nlp/llm.js';
import { type RoutingFormInput, createForm, deleteForm, getForm, getPublicForm, listForms, updateForm } from './forms.js';
import { exportResponsesCsv, listResponses, routingOfBooking, submitResponse } from './responses.js';

export interface CreateRoutingServiceOptions {
  db: Knex;
  clock: Clock;
  llm: LlmClientConfig | null;
  logger?: LlmLogger;
  /** PUBLIC_URL: routes to another user's page are absolute (see RoutingTarget). */
  publicUrl: string;
}

export function createRoutingService({ db, clock, llm, logger, publicUrl }: CreateRoutingServiceOptions) {
  return {
    listForms: (ownerUserId: string) => listForms(db, ownerUserId),
    getForm: (ownerUserId: string, id: string) => getForm(db, ownerUserId, id),
    createForm: (ownerUserId: string, input: RoutingFormInput) => createForm(db, ownerUserId, input),
    updateForm: (ownerUserId: string, id: string, input: Partial<RoutingFormInput>) => updateForm(db, ownerUserId, id, input, clock.now()),
    deleteForm: (ownerUserId: string, id: string) => deleteForm(db, ownerUserId, id),
    getPublicForm: (username: string, slug: string) => getPublicForm(db, username, slug),
    submitResponse: (username: string, slug: string, answers: Record<string, unknown>) => submitResponse({ db, llm, logger, publicUrl }, username, slug, answers),
    listResponses: (ownerUserId: string, id: string) => listResponses(db, ownerUserId, id),
    exportCsv: (ownerUserId: string, id: string) => exportResponsesCsv(db, ownerUserId, id),
    routingOfBooking: (bookingId: string) => routingOfBooking(db, bookingId),
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
