import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { DOCUMENT_KIND_LABELS, isValidRuc, type DocumentKind, type VirtualUploadSlot } from '@tramites/domain';
import type { Response } from 'express';
import type { AvailableActions } from '@tramites/contracts';
import type { TFunction } from 'i18next';
import { TramitesApi, type CredentialCaseView, type SubmitUploadsBody } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import { momentIn } from '../pages/local-time';
import type { SessionRequest, WebSession } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { actionsAllowed } from '../shared/case-actions';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { EMPLOYER_UPLOAD_KINDS, type EmployerUploadKind, type MultipartRequest } from '../shared/multipart';
import { apiFailed, PageError } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { sizeInWords, uploadRefusal } from './upload-refusal';

type Employer = NonNullable<WebSession['employer']>;
type EmployerCase = CredentialCaseView & AvailableActions;
type Body_ = Record<string, unknown>;

/** A case that began before the pages asked the workflow for its files: the four of sheet 004's general requirements. */
const GENERAL_SLOTS: VirtualUploadSlot[] = (['ruc', 'key_delivery_request', 'cedula', 'responsibility_agreement'] as const).map((kind) => ({
  id: kind,
  kinds: [kind],
  electronicSignature: kind === 'key_delivery_request' || kind === 'responsibility_agreement',
}));

/** Whose document an identity file is (the filer's answer on the form). */
const IDENTITY_KINDS = new Set<DocumentKind>(['cedula', 'foreigner_code_certificate', 'passport', 'visa']);

const isFormKind = (kind: DocumentKind): kind is EmployerUploadKind => (EMPLOYER_UPLOAD_KINDS as readonly string[]).includes(kind);

/** 004 by the Ventanilla Virtual: the files the filer's case asks for, then the state of the provincial office's review. */
@Controller('clave-empleador')
export class EmployerDocumentsController {
  constructor(private readonly api: TramitesApi) {}

  /** The 004 case this session started, while its token lasts; otherwise the 404 page that starts again. */
  private employer(req: SessionRequest): Employer {
    const e = sessionOf(req).employer;
    if (e && e.expiresAt > Date.now()) return e;
    const t = tr(req);
    throw new PageError(404, t('employer:documents.sessionEnded.title'), t('employer:documents.sessionEnded.body'), '/clave-empleador');
  }

  private async caseOf(e: Employer): Promise<EmployerCase> {
    const r = await this.api.credentialCase(e.token, e.caseId);
    if (!r.ok) throw apiFailed(r);
    return r.data;
  }

  /** The form's files, slot by slot (libs/domain virtualUploadSlots, as the workflow chose them for this employer). */
  private static slotsOf(view: CredentialCaseView): VirtualUploadSlot[] {
    return (view.uploadSlots ?? GENERAL_SLOTS).filter((s) => s.kinds.every(isFormKind));
  }

  @Get('documentos')
  async documents(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    await this.documentsPage(req, res, e, await this.caseOf(e), { requestDetail: '', rucNumber: '' }, []);
  }

  private async documentsPage(
    req: SessionRequest,
    res: Response,
    e: Employer,
    view: EmployerCase,
    typed: { requestDetail: string; rucNumber: string },
    errors: FieldError[],
  ): Promise<void> {
    if (!actionsAllowed(view).submit_uploads) return res.redirect(303, '/clave-empleador/estado');
    const t = tr(req);
    const slots = EmployerDocumentsController.slotsOf(view).map((slot) => ({
      id: slot.id,
      typesRuc: slot.typedFields?.includes('ruc') ?? false,
      label: t(`employer:kinds.${slot.kinds.length > 1 ? slot.id : slot.kinds[0]}`),
      files: slot.kinds.map((kind) => {
        const stored = e.uploads[kind];
        return {
          kind,
          label: t(`employer:kinds.${kind}`),
          hint: t(`employer:hints.${kind}`),
          accept: slot.electronicSignature ? '.pdf,application/pdf' : '.pdf,.jpg,.jpeg,application/pdf,image/jpeg',
          stored: stored
            ? t(stored.signer ? 'employer:documents.storedSigned' : 'employer:documents.stored', { name: stored.name, signer: stored.signer })
            : undefined,
          error: errors.find((x) => x.field === kind),
        };
      }),
    }));
    const due = view.deadlineAt ? momentIn(localeOf(req), view.deadlineAt) : undefined;
    const observations = view.status === 'awaiting_correction' ? view.review?.observations : undefined;
    const context = { title: t('employer:documents.title'), backLink: '/clave-empleador', slots, ...typed, errors, due, observations };
    render(req, res, 'clave-empleador/documentos.njk', context, errors.length ? 400 : 200);
  }

  @Post('documentos')
  async postDocuments(@Req() req: MultipartRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const e = this.employer(req);
    const t = tr(req);
    const view = await this.caseOf(e);
    const slots = EmployerDocumentsController.slotsOf(view);
    const requestDetail = text(body, 'requestDetail');
    const rucNumber = text(body, 'rucNumber').replace(/\s/g, '');
    const typed = { requestDetail, rucNumber };
    const errors = new FormErrors();
    if (req.uploadError && req.uploadError.code !== 'LIMIT_FILE_SIZE') errors.add(slots[0]?.kinds[0] ?? 'ruc', t('employer:documents.errors.unreadable'));
    // Each file chosen goes to the API, which judges it by its content and, for the request and the
    // agreement, its electronic signature; what it accepted is kept, whatever happens to the others.
    for (const kind of slots.flatMap((s) => s.kinds)) await this.uploadOne(req, e, kind, errors, t);
    for (const slot of slots) {
      if (slot.kinds.some((k) => e.uploads[k] || errors.list.some((x) => x.field === k))) continue;
      const documents = slot.kinds.map((k) => t(`employer:kinds.${k}`));
      errors.add(
        slot.kinds[0] ?? slot.id,
        slot.kinds.length > 1
          ? t('employer:documents.errors.chooseOne', { documents: documents.join(', ') })
          : t('employer:documents.errors.choose', { document: documents[0] }),
      );
    }
    // 004, Virtual 1 (RUC): an employer the registry knows by another document types its RUC's number.
    if (slots.some((s) => s.typedFields?.includes('ruc')) && !isValidRuc(rucNumber)) errors.add('rucNumber', t('employer:documents.errors.rucNumber'));
    if (!requestDetail) errors.add('requestDetail', t('employer:documents.errors.detailRequired'));
    else if (requestDetail.length > 2000) errors.add('requestDetail', t('employer:documents.errors.detailTooLong'));
    if (!errors.empty) return this.documentsPage(req, res, e, view, typed, errors.list);
    const owner = e.filerRole === 'employer' ? ('employer' as const) : ('legal_representative' as const);
    const uploads = slots
      .flatMap((s) => s.kinds)
      .filter(isFormKind)
      .filter((kind) => e.uploads[kind])
      .map((kind) => ({
        documentId: e.uploads[kind]?.documentId ?? '',
        kind: kind as SubmitUploadsBody['uploads'][number]['kind'],
        ...(IDENTITY_KINDS.has(kind) ? { belongsTo: owner } : {}),
      }));
    const submitted = await this.api.submitUploads(e.token, e.caseId, { uploads, requestDetail, ...(rucNumber ? { ruc: rucNumber } : {}) });
    if (!submitted.ok) {
      if (submitted.error.code === 'SUBMISSION.OBSERVED') {
        // A reason that names a document goes to that document's field, which is chosen again; the others stay.
        // Each reason carries its code: the applicant reads it in their language (apiErrorText).
        for (const reason of (submitted.error['reasons'] as Array<{ code: string; message: string }> | undefined) ?? []) {
          const kind = uploads.find((u) => reason.message.startsWith(DOCUMENT_KIND_LABELS[u.kind]))?.kind;
          if (kind) delete e.uploads[kind];
          errors.add(kind ?? 'requestDetail', apiErrorText(req, reason));
        }
        if (errors.empty) errors.add('requestDetail', apiErrorText(req, submitted.error));
        return this.documentsPage(req, res, e, view, typed, errors.list);
      }
      if (submitted.status === 400 || submitted.status === 422)
        return this.documentsPage(req, res, e, view, typed, [{ field: 'requestDetail', text: apiErrorText(req, submitted.error) }]);
      throw apiFailed(submitted);
    }
    e.uploads = {};
    res.redirect(303, '/clave-empleador/estado');
  }

  /** One chosen file: too large here already, or judged by the API; kept in the session when accepted. */
  private async uploadOne(req: MultipartRequest, e: Employer, kind: DocumentKind, errors: FormErrors, t: TFunction): Promise<void> {
    const file = req.files?.[kind]?.[0];
    if (!file || (file.size === 0 && !file.originalname)) return;
    const document = t(`employer:kinds.${kind}`);
    if (file.truncated) {
      errors.add(kind, t('employer:documents.errors.tooLarge', { file: file.originalname, size: sizeInWords(file.size, localeOf(req)) }));
      return;
    }
    const r = await this.api.upload(e.token, e.caseId, { name: file.originalname, bytes: file.buffer }, kind);
    if (!r.ok) {
      if (r.status >= 500) throw apiFailed(r);
      delete e.uploads[kind];
      errors.add(kind, uploadRefusal(t, r.error, file.originalname, document, apiErrorText(req, r.error)));
      return;
    }
    const signer = (r.data as { signature?: { signer?: string } }).signature?.signer;
    e.uploads[kind] = { documentId: r.data.documentId, name: r.data.originalName, ...(signer ? { signer } : {}) };
  }

  // --- the state of the review --------------------------------------------------------------------
  @Get('estado')
  async state(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    const v = await this.caseOf(e);
    const t = tr(req);
    const row = (key: string, value: string) => ({ key: { text: t(key) }, value: { text: value } });
    // Documents count as sent once a submission was received (not one that was observed before it was).
    const sent = v.submission && v.status !== 'awaiting_submission' ? v.submission : undefined;
    const signed = (sent?.uploads ?? []).filter((u) => u.signature?.status === 'valid');
    const rows = [
      row('employer:state.status', t(`employer:state.statuses.${v.status}`, { defaultValue: t('employer:state.statuses.other') })),
      ...(sent ? [row('employer:state.sent', momentIn(localeOf(req), sent.submittedAt))] : []),
      ...(signed.length
        ? [
            row(
              'employer:state.signatures',
              signed.map((u) => t('employer:state.signedBy', { document: t(`employer:kinds.${u.kind}`), signer: u.signature?.signer ?? '' })).join('; '),
            ),
          ]
        : []),
      ...(v.review?.observations ? [row('employer:state.observations', v.review.observations)] : []),
      ...(v.link ? [row('employer:state.linkSentTo', v.link.sentTo)] : []),
    ];
    render(req, res, 'clave-empleador/estado.njk', { title: t('employer:state.title'), rows, status: v.status, correct: actionsAllowed(v).submit_uploads });
  }
}
