import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { checkpointTenantEvidence, describeBreak, verifyTenantEvidence } from '../../app/evidence/index.ts';
import { actorOf } from '../auth.ts';
import { STANDARD_PROBLEMS } from '../contracts/common.ts';
import { languageOf } from '../problem.ts';

const CheckpointSchema = Type.Object({
  tenantId: Type.String(),
  seq: Type.Integer(),
  hash: Type.String(),
  signedAt: Type.String(),
  keyId: Type.String(),
  publicKey: Type.String({ description: 'Ed25519 public key, SPKI PEM' }),
  signature: Type.String({
    description: 'base64 Ed25519 signature of the canonical JSON {hash, seq, signedAt, tenantId}',
  }),
});

const VerificationSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  blobsChecked: Type.Integer(),
  checkpoints: Type.Integer(),
  lastSignedSeq: Type.Integer(),
  unsignedTail: Type.Integer(),
  firstBreak: Type.Optional(
    Type.Object({ kind: Type.String(), seq: Type.Integer() }, { additionalProperties: true }),
  ),
  message: Type.Optional(Type.String({ description: 'Where the record breaks, in the reader’s language' })),
});

export function evidenceRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['evidence'];
    app.get(
      '/evidence/verify',
      {
        schema: {
          tags,
          summary: 'Check the whole evidence record and its files; names the first break',
          response: { 200: VerificationSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const report = await verifyTenantEvidence(deps, actorOf(request));
        const { tenantId: _tenant, ...rest } = report;
        return report.firstBreak
          ? { ...rest, message: describeBreak(report.firstBreak)[languageOf(request)] }
          : rest;
      },
    );
    app.post(
      '/evidence/checkpoints',
      {
        schema: {
          tags,
          summary: 'Sign the head of the chain now; 204 when the record is empty',
          response: { 200: CheckpointSchema, 204: Type.Null(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const checkpoint = await checkpointTenantEvidence(deps, actorOf(request));
        return checkpoint ? checkpoint : reply.status(204).send(null);
      },
    );
  };
}
