import { Inject, Injectable } from '@nestjs/common';
import { ERROR_CODES, caseReference } from '@tramites/contracts';
import { UPLOAD_MIME_TYPES, addBusinessMillis, businessMillisBetween, type AllowedUploadKind } from '@tramites/domain';
import {
  OfficerDirectoryRepository,
  PoderReviewClaimsRepository,
  PoderReviewRepository,
  UploadsRepository,
  type PoderReviewRecord,
} from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { timeLeft } from '../desk/time-left';
import { API_BLOB_STORE, type ApiBlobStore } from '../documents/blob-store';
import type { DownloadableFile } from '../documents/documents.service';
import { ApiError } from '../errors/api-error';
import type { PoderClaimDto, PoderReviewDto } from './poder-review.dto';

/** A legal unit decides the poderes of its own province only: the refusal names both provinces. */
function assertProvince(principal: Principal, province: string): void {
  if (principal.role !== 'legal_unit' || principal.province === province) return;
  throw new ApiError(
    'AUTH.OUT_OF_SCOPE',
    `Este poder es de la provincia ${province} y usted es de la unidad jurídica de ${principal.province ?? 'otra provincia'}: lo sumilla o rechaza la unidad jurídica de ${province}.`,
  );
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The legal unit's page of one poder: its data, the case it came from, and whether the caller may decide it. */
@Injectable()
export class PoderReviewService {
  constructor(
    private readonly reviews: PoderReviewRepository,
    private readonly access: CaseAccessService,
    private readonly claims: PoderReviewClaimsRepository,
    private readonly uploads: UploadsRepository,
    private readonly directory: OfficerDirectoryRepository,
    @Inject(API_BLOB_STORE) private readonly blobs: ApiBlobStore,
  ) {}

  /** The poder's latest review, when the caller may see it (the legal unit: its province only). */
  private async reviewInScope(principal: Principal, poderId: string): Promise<PoderReviewRecord> {
    const r = await this.reviews.latest(poderId);
    if (!r) throw new ApiError('PODER.NOT_FOUND');
    assertProvince(principal, r.province);
    return r;
  }

  private async claimOf(principal: Principal, poderId: string, caseId: string): Promise<PoderClaimDto | null> {
    const c = await this.claims.holder(poderId, caseId);
    if (!c) return null;
    const name = (await this.directory.namesOf([c.officerId])).get(c.officerId) ?? 'otra persona de la unidad jurídica';
    return { officerId: c.officerId, officerName: name, claimedAt: c.claimedAt.toISOString(), mine: c.officerId === principal.sub };
  }

  /** Takes the review (ADR 0028): one lawyer at a time; a review a colleague holds is refused with their name. */
  async claim(principal: Principal, poderId: string): Promise<PoderClaimDto> {
    const r = await this.reviewInScope(principal, poderId);
    if (r.status !== 'pending') throw new ApiError('PODER.ALREADY_DECIDED', `Este poder ya fue ${r.status === 'endorsed' ? 'sumillado' : 'rechazado'}.`);
    const { claimed } = await this.claims.claim(poderId, r.caseId, principal.sub, r.province);
    const holder = await this.claimOf(principal, poderId, r.caseId);
    if (!claimed || !holder) throw this.claimedByOther(holder?.officerName);
    await this.access.log(principal, r.caseId, 'claim_poder_review');
    return holder;
  }

  /** Releases the caller's claim; a colleague's claim stays (and is named). */
  async release(principal: Principal, poderId: string): Promise<{ claim: PoderClaimDto | null }> {
    const r = await this.reviewInScope(principal, poderId);
    const other = await this.claims.release(poderId, r.caseId, principal.sub);
    if (other) throw this.claimedByOther((await this.claimOf(principal, poderId, r.caseId))?.officerName);
    await this.access.log(principal, r.caseId, 'release_poder_review');
    return { claim: null };
  }

  private claimedByOther(name: string | undefined): ApiError {
    return new ApiError(
      'PODER.CLAIMED_BY_OTHER',
      `${name ?? 'Otra persona de la unidad jurídica'} tomó esta revisión: solo esa persona puede sumillar o rechazar el poder, o liberarlo.`,
    );
  }

  /**
   * Before a decision, from the read model: the poder's province first (a refusal for scope
   * says so, whatever else the workflow would refuse), then a review a colleague claimed is
   * theirs to decide.
   */
  async assertMayDecide(principal: Principal, poderId: string): Promise<void> {
    const r = await this.reviews.latest(poderId);
    if (!r) return;
    assertProvince(principal, r.province);
    if (r.status !== 'pending') return;
    const c = await this.claims.holder(poderId, r.caseId);
    if (c && c.officerId !== principal.sub) throw this.claimedByOther((await this.directory.namesOf([c.officerId])).get(c.officerId));
  }

  /** The deed's scan captured at the window, for the legal unit (shown inline); each read logged. */
  async deedScan(principal: Principal, poderId: string): Promise<DownloadableFile> {
    const r = await this.reviewInScope(principal, poderId);
    const scan = await this.uploads.latestFor(r.caseId, 'poder_deed');
    if (!scan) throw new ApiError('DOCUMENT.NOT_FOUND', 'En ventanilla no se capturó el escaneo de esta escritura.');
    const bytes = await this.blobs.get(scan.sha256);
    await this.access.log(principal, r.caseId, `read_poder_deed:${scan.id}`);
    return { bytes, mimeType: UPLOAD_MIME_TYPES[scan.detectedType as AllowedUploadKind], fileName: scan.originalName };
  }

  async review(principal: Principal, poderId: string, now = Date.now()): Promise<PoderReviewDto> {
    const r = await this.reviewInScope(principal, poderId);
    let documentsReviewedBy: string | null = null;
    try {
      const view = await this.access.liveView(r.caseId);
      documentsReviewedBy = 'documentsReviewedBy' in view ? (view.documentsReviewedBy?.id ?? null) : null;
    } catch {
      // The case's state is not available now: the workflow still decides at the endorsement.
    }
    await this.access.log(principal, r.caseId, 'read_poder_review');
    const [employerId = r.employerId, attorneyId = '', ...deed] = poderId.split(':');
    const requested = r.requestedAt.getTime();
    const due = r.dueAt.getTime();
    const left = timeLeft(r.dueAt, now);
    const sameOfficer = documentsReviewedBy !== null && documentsReviewedBy === principal.sub;
    const [claim, scan, names] = await Promise.all([
      this.claimOf(principal, poderId, r.caseId),
      this.uploads.latestFor(r.caseId, 'poder_deed'),
      this.directory.namesOf([documentsReviewedBy ?? '', r.registry?.endorsedBy ?? '']),
    ]);
    const reason =
      r.status !== 'pending'
        ? `Este poder ya fue ${r.status === 'endorsed' ? 'sumillado' : 'rechazado'}.`
        : principal.role !== 'legal_unit'
          ? 'Solo la unidad jurídica de la provincia sumilla o rechaza poderes.'
          : sameOfficer
            ? ERROR_CODES['PODER.SAME_OFFICER'].message
            : claim && !claim.mine
              ? `${claim.officerName} tomó esta revisión: solo esa persona puede sumillar o rechazar el poder, o liberarlo.`
              : null;
    const registry = r.registry
      ? {
          validUntil: r.registry.validUntil,
          revokedAt: iso(r.registry.revokedAt),
          endorsedBy: r.registry.endorsedBy,
          endorsedByName: names.get(r.registry.endorsedBy) ?? null,
          endorsedAt: r.registry.endorsedAt.toISOString(),
          status: (r.registry.revokedAt
            ? 'revoked'
            : r.registry.validUntil && r.registry.validUntil < new Date(now).toISOString().slice(0, 10)
              ? 'expired'
              : 'valid') as 'valid' | 'expired' | 'revoked',
        }
      : null;
    return {
      poderId,
      employerId,
      employerName: r.deed.grantorName,
      attorneyId,
      attorneyName: r.attorneyName,
      deedNumber: deed.join(':'),
      notary: r.deed.notary,
      deedValidUntil: r.deed.validUntil,
      deedScan: scan
        ? {
            documentId: scan.id,
            mimeType: UPLOAD_MIME_TYPES[scan.detectedType as AllowedUploadKind],
            originalName: scan.originalName,
            size: scan.size,
            uploadedAt: scan.uploadedAt,
          }
        : null,
      claim,
      province: r.province,
      status: r.status,
      requestedAt: r.requestedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      // As the review workflow reminds: at half of its office time (workflows/src/poder-review/poder-review.state.ts).
      reminderAt: new Date(addBusinessMillis(requested, Math.floor(businessMillisBetween(requested, due) / 2))).toISOString(),
      businessDaysLeft: left?.businessDays ?? 0,
      timeLeftLabel: left?.label ?? '',
      urgency: left?.urgency ?? 'on_time',
      remindedAt: iso(r.remindedAt),
      escalatedAt: iso(r.escalatedAt),
      decidedAt: iso(r.decidedAt),
      decidedBy: r.decidedBy,
      reasonCode: r.reasonCode,
      case: {
        caseId: r.caseId,
        reference: caseReference(r.caseId),
        procedure: r.case?.procedure ?? null,
        status: r.case?.status ?? null,
        holderName: r.case?.holderName ?? null,
        agencyId: r.case?.agencyId ?? null,
        agencyName: r.case?.agencyName ?? null,
        documentsReviewedBy,
        documentsReviewedByName: documentsReviewedBy ? (names.get(documentsReviewedBy) ?? null) : null,
      },
      separationOfDuties: { mayDecide: reason === null, reason },
      registry,
    };
  }
}
