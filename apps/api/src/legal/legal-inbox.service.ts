import { Injectable } from '@nestjs/common';
import { businessMillisBetween } from '@tramites/domain';
import { caseReference } from '@tramites/contracts';
import { OfficerDirectoryRepository, PoderRepository, type EndorsedPoder, type PendingPoderReview } from '@tramites/persistence';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../http/keyset-cursor';
import type { InboxQueryDto, PoderRegistryQueryDto } from './legal.dto';

export interface InboxItem extends PendingPoderReview {
  /** Office time left until dueAt, in business milliseconds; negative when overdue. */
  businessMsLeft: number;
  overdue: boolean;
  /** The case's reference (T-…). */
  reference: string;
  /** The name of the lawyer who claimed the review, or null. */
  claimedByName: string | null;
}

export type RegistryItem = EndorsedPoder;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** The inbox's page: its total is capped (`totalCapped`), and `next` is the keyset cursor of the following page. */
export interface InboxPage extends Page<InboxItem> {
  totalCapped: boolean;
  next: string | null;
}

/** The inbox cursor's id: the review's case id and poder id (employer:attorney:deed), "<case id>|<poder id>". */
const isReviewKey = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\|[^|]{1,200}$/.test(id);

/** The legal unit's reading of the read model: its inbox and the registry of endorsed poderes. */
@Injectable()
export class LegalInboxService {
  constructor(
    private readonly poderes: PoderRepository,
    private readonly directory: OfficerDirectoryRepository,
  ) {}

  /** Poderes waiting for a decision in the caller's province, oldest first (poder_reviews_pending_idx). */
  async inbox(principal: Principal, q: InboxQueryDto, now = Date.now()): Promise<InboxPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const after = q.after ? decodeCursor(q.after, isReviewKey) : undefined;
    const { items, total, totalCapped, next } = await this.poderes.pendingReviews(principal.province, page, pageSize, after);
    const names = await this.directory.namesOf(items.flatMap((r) => (r.claimedBy ? [r.claimedBy] : [])));
    return {
      items: items.map((r: PendingPoderReview) => {
        const due = Date.parse(r.dueAt);
        const claimedByName = r.claimedBy ? (names.get(r.claimedBy) ?? 'Otra persona de la unidad jurídica') : null;
        return { ...r, businessMsLeft: businessMillisBetween(now, due), overdue: due < now, reference: caseReference(r.caseId), claimedByName };
      }),
      page,
      pageSize,
      total,
      totalCapped,
      next: next ? encodeCursor(next) : null,
    };
  }

  /** Endorsed poderes (reused across cases); the legal unit sees those of its province only. */
  async registry(principal: Principal, q: PoderRegistryQueryDto): Promise<Page<RegistryItem & { endorsedByName: string | null }>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const { items, total } = await this.poderes.endorsed(
      {
        ...(principal.role === 'legal_unit' ? { province: { value: principal.province } } : {}),
        ...(q.employerId ? { employerId: q.employerId } : {}),
        ...(q.attorneyId ? { attorneyId: q.attorneyId } : {}),
      },
      page,
      pageSize,
    );
    const names = await this.directory.namesOf(items.map((i) => i.endorsedBy));
    return { items: items.map((i) => ({ ...i, endorsedByName: names.get(i.endorsedBy) ?? null })), page, pageSize, total };
  }
}
