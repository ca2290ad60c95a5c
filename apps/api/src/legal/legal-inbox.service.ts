import { Injectable } from '@nestjs/common';
import { businessMillisBetween } from '@tramites/domain';
import { PoderRepository, type EndorsedPoder, type PendingPoderReview } from '@tramites/persistence';
import type { Principal } from '../auth/principal';
import type { PageQueryDto, PoderRegistryQueryDto } from './legal.dto';

export interface InboxItem extends PendingPoderReview {
  /** Office time left until dueAt, in business milliseconds; negative when overdue. */
  businessMsLeft: number;
  overdue: boolean;
}

export type RegistryItem = EndorsedPoder;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** The legal unit's reading of the read model: its inbox and the registry of endorsed poderes. */
@Injectable()
export class LegalInboxService {
  constructor(private readonly poderes: PoderRepository) {}

  /** Poderes waiting for a decision in the caller's province, oldest first (poder_reviews_inbox_idx). */
  async inbox(principal: Principal, q: PageQueryDto, now = Date.now()): Promise<Page<InboxItem>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const { items, total } = await this.poderes.pendingReviews(principal.province, page, pageSize);
    return {
      items: items.map((r: PendingPoderReview) => {
        const due = Date.parse(r.dueAt);
        return { ...r, businessMsLeft: businessMillisBetween(now, due), overdue: due < now };
      }),
      page,
      pageSize,
      total,
    };
  }

  /** Endorsed poderes (reused across cases); the legal unit sees those of its province only. */
  async registry(principal: Principal, q: PoderRegistryQueryDto): Promise<Page<RegistryItem>> {
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
    return { items, page, pageSize, total };
  }
}
