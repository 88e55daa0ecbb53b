import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { assignTriage, discardTriage, listTriage } from '../../app/mail-in/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, Instant, PageQuery, STANDARD_PROBLEMS, Uuid } from '../contracts/common.ts';

const Label = Type.Object({ en: Type.String(), zh: Type.String() });

const TriageEntrySchema = Type.Object({
  id: Uuid,
  receivedAt: Instant,
  via: Type.String({ description: '`smtp` (the listener) or `imap` (the company mailbox)' }),
  from: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  reason: Type.String(),
  reasonLabel: Label,
  authenticatedDomain: Type.Union([Type.String(), Type.Null()], {
    description: 'The From domain DKIM or DMARC vouched for; null when none did',
  }),
});

/** E-mail in: the triage list of mail that opened nothing (README "E-mail in"). */
export function mailRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['mail'];
    app.get(
      '/mail/triage',
      {
        schema: {
          tags,
          summary: 'Mail waiting for a person (unknown senders, strangers quoting a case), oldest first',
          querystring: Type.Object(PageQuery),
          response: {
            200: Type.Object({
              items: Type.Array(TriageEntrySchema),
              nextCursor: Type.Optional(Type.String()),
            }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => listTriage(deps, actorOf(request), request.query),
    );
    app.post(
      '/mail/triage/:id/assign',
      {
        schema: {
          tags,
          summary: 'Put a mail from triage on a case, as an internal note with its files',
          params: IdParams,
          body: Type.Object({ caseId: Uuid }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              id: Uuid,
              state: Type.Literal('assigned'),
              caseId: Uuid,
              caseNumber: Type.String(),
            }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => assignTriage(deps, actorOf(request), request.params.id, request.body.caseId),
    );
    app.post(
      '/mail/triage/:id/discard',
      {
        schema: {
          tags,
          summary: 'Discard a mail from triage (it stays on the record as received)',
          params: IdParams,
          response: {
            200: Type.Object({ id: Uuid, state: Type.Literal('discarded') }),
            ...STANDARD_PROBLEMS,
          },
        },
      },
      async (request) => discardTriage(deps, actorOf(request), request.params.id),
    );
  };
}
