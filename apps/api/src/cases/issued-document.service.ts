import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  PROCEDURE_NAMES,
  WORKFLOW_TYPES,
  caseReference,
  issuedDocumentResendEmailKey,
  issuedDocumentResendWorkflowId,
  type CaseView,
  type IssuedDocumentResendInput,
  type IssuedDocumentTemplate,
} from '@tramites/contracts';
import { EmailOutboxRepository } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { TemporalGateway } from '../temporal/temporal-gateway';

const ISSUANCE_TEMPLATES: readonly IssuedDocumentTemplate[] = ['FOREIGNER_CODE_ISSUED', 'CERTIFICATE_ISSUED'];

export interface ResendAccepted {
  caseId: string;
  requestId: string;
  /** False when this request id had already been accepted (a retried request): no second email. */
  created: boolean;
}

/**
 * "Reenviar el documento emitido" (ADR 0024): the issuance email and its PDF
 * go out again through the outbox, once per request id. The case's workflow has ended, so the
 * resend is its own workflow, and the officer's action is kept in the access log.
 */
@Injectable()
export class IssuedDocumentService {
  constructor(
    private readonly outbox: EmailOutboxRepository,
    private readonly temporal: TemporalGateway,
    private readonly access: CaseAccessService,
  ) {}

  async resend(principal: Principal, caseId: string, requestKey: string | undefined): Promise<ResendAccepted> {
    await this.access.authorize(principal, caseId, 'resend_issued_document');
    const view = await this.access.liveView(caseId);
    const result = 'verification' in view ? (view as CaseView).result : undefined;
    if (!result || (view as CaseView).status !== 'issued') throw new ApiError('CASE.NOT_ISSUED');
    const to = await this.outbox.recipientOf(caseId, ISSUANCE_TEMPLATES);
    if (!to) throw new ApiError('CASE.NOT_ISSUED', 'El documento emitido no se envió a ningún correo; no hay a dónde reenviarlo.');
    const requestId = requestKey ?? randomUUID();
    const common = {
      idempotencyKey: issuedDocumentResendEmailKey(caseId, requestId),
      caseId,
      to,
    };
    const params = {
      reference: caseReference(caseId),
      procedureName: PROCEDURE_NAMES[(view as CaseView).procedure],
      verificationNumber: result.verificationNumber,
    };
    const email: IssuedDocumentResendInput['email'] =
      result.kind === 'FOREIGNER_CODE'
        ? {
            ...common,
            template: 'FOREIGNER_CODE_ISSUED',
            params: { ...params, code: result.code ?? '', alreadyHad: result.alreadyHad ?? false },
            attachments: [{ filename: 'codigo-extranjero.pdf', sha256: result.documentSha256, contentType: 'application/pdf' }],
          }
        : {
            ...common,
            template: 'CERTIFICATE_ISSUED',
            params,
            attachments: [{ filename: 'certificado-no-afiliacion.pdf', sha256: result.documentSha256, contentType: 'application/pdf' }],
          };
    const input: IssuedDocumentResendInput = { requestId, email };
    const created = await this.temporal.start(WORKFLOW_TYPES.issuedDocumentResend, issuedDocumentResendWorkflowId(caseId, requestId), [input]);
    return { caseId, requestId, created };
  }
}
