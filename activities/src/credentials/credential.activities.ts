import { createHash, createHmac } from 'node:crypto';
import {
  caseReference,
  type AffiliateLookup,
  type ChallengeQuestion,
  type CredentialActivities,
  type EmployerLookup,
  type InspectedUpload,
  type IssuePasswordLinkInput,
  type LinkClosing,
  type SendCaseEmailInput,
} from '@tramites/contracts';
import { drawWorkHistoryQuestions, seededRandom, type WorkRecord } from '@tramites/domain';
import { expectedAnswerHash, passwordLinkTokenHash, uuidFromDigest, type BlobStore } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import { verifyPdfSignature, type TrustAnchors } from '../signatures';

export interface CredentialActivityDependencies {
  dataSource: DataSource;
  secret: string;
  blobStore: BlobStore;
  sendCaseEmail: (input: SendCaseEmailInput) => Promise<unknown>;
  /** Page of the portal where the holder sets the password; the token goes in the fragment. */
  portalBaseUrl: string;
  /** Certification authorities whose electronic signatures are accepted (004, Ventanilla Virtual). */
  trustAnchors?: TrustAnchors;
  now?: () => Date;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The link token: a keyed PRF of the link id (256 bits, base64url). A retried activity
 * e-mails the same token without ever storing it; the database keeps only its SHA-256.
 */
export function passwordLinkToken(secret: string, linkId: string): string {
  return createHmac('sha256', secret).update(`password-link:${linkId}`).digest('base64url');
}


/** Names offered next to the real employer when the registry has too few others. */
const DECOY_EMPLOYERS = [
  'Textiles Sierra Norte S.A.',
  'Constructora Los Ríos Cía. Ltda.',
  'Bananera Costa Verde S.A.',
  'Servicios Logísticos Amazonía S.A.',
  'Distribuidora Austral Cía. Ltda.',
  'Panificadora La Merced',
];

const SIGNED_KINDS = new Set(['key_delivery_request', 'responsibility_agreement']);

export function makeCredentialActivities(deps: CredentialActivityDependencies): CredentialActivities {
  const { dataSource: db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async lookupAffiliate({ identityNumber }): Promise<AffiliateLookup> {
      const rows: Array<{ full_name: string; email: string; locked_at: Date | null; failed_attempts: number | null; security_answers: Array<{ questionId: string }> | null }> =
        await db.query(
          `SELECT a.full_name, a.email, c.locked_at, c.failed_attempts, c.security_answers
             FROM affiliates a
             LEFT JOIN portal_credentials c ON c.holder_kind = 'affiliate' AND c.holder_id = a.identity_number
            WHERE a.identity_number = $1`,
          [identityNumber],
        );
      const row = rows[0];
      if (!row) return { found: false };
      return {
        found: true,
        fullName: row.full_name,
        email: row.email,
        locked: row.locked_at !== null,
        failedTotal: row.failed_attempts ?? 0,
        personalQuestionIds: (row.security_answers ?? []).map((a) => a.questionId),
      };
    },

    async drawIdentityChallenge({ caseId, identityNumber, ordinal }): Promise<{ workHistory: ChallengeQuestion[] }> {
      const existing: Array<{ expected: { questions: ChallengeQuestion[] } }> = await db.query(
        'SELECT expected FROM credential_challenges WHERE case_id = $1 AND ordinal = $2',
        [caseId, ordinal],
      );
      if (existing[0]) return { workHistory: existing[0].expected.questions };
      const history: Array<{ employer_ruc: string; employer_name: string; started_on: string }> = await db.query(
        `SELECT employer_ruc, employer_name, to_char(started_on, 'YYYY-MM-DD') AS started_on
           FROM affiliate_work_history WHERE identity_number = $1 ORDER BY started_on, employer_ruc`,
        [identityNumber],
      );
      const others: Array<{ employer_name: string }> = await db.query(
        `SELECT DISTINCT employer_name FROM affiliate_work_history WHERE identity_number <> $1 ORDER BY employer_name LIMIT 30`,
        [identityNumber],
      );
      const records: WorkRecord[] = history.map((h) => ({ employerRuc: h.employer_ruc, employerName: h.employer_name, startedOn: h.started_on }));
      const seed = createHmac('sha256', deps.secret).update(`challenge:${caseId}:${ordinal}`).digest().readUInt32BE(0);
      const drawn = drawWorkHistoryQuestions(records, [...others.map((o) => o.employer_name), ...DECOY_EMPLOYERS], seededRandom(seed), now().getUTCFullYear());
      const questions = drawn.map(({ id, text, options }) => ({ id, text, options: [...options] }));
      const answers = Object.fromEntries(drawn.map((q) => [q.id, expectedAnswerHash(caseId, ordinal, q.id, q.answer)]));
      await db.query(
        `INSERT INTO credential_challenges (case_id, ordinal, holder_id, expected) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, ordinal) DO NOTHING`,
        [caseId, ordinal, identityNumber, JSON.stringify({ questions, answers })],
      );
      const stored: Array<{ expected: { questions: ChallengeQuestion[] } }> = await db.query(
        'SELECT expected FROM credential_challenges WHERE case_id = $1 AND ordinal = $2',
        [caseId, ordinal],
      );
      return { workHistory: stored[0]?.expected.questions ?? questions };
    },

    async lookupEmployer({ employerId }): Promise<EmployerLookup> {
      const rows: Array<{
        name: string; id_type: 'ruc' | 'foreigner_code' | 'passport' | 'visa'; province: string; email: string;
        legal_rep_identity: string; legal_rep_name: string; is_artisan: boolean; artisan_qualification: string | null;
        key_request_number: string | null; office: string | null;
      }> = await db.query(
        `SELECT e.name, e.id_type, e.province, e.email, e.legal_rep_identity, e.legal_rep_name, e.is_artisan,
                e.artisan_qualification, e.key_request_number,
                (SELECT a.id FROM agencies a WHERE a.province = e.province AND a.active ORDER BY a.id LIMIT 1) AS office
           FROM employers e WHERE e.id = $1`,
        [employerId.trim().toUpperCase()],
      );
      const e = rows[0];
      if (!e) return { registered: false };
      return {
        registered: true,
        name: e.name,
        idType: e.id_type,
        province: e.province,
        email: e.email,
        legalRepIdentity: e.legal_rep_identity,
        legalRepName: e.legal_rep_name,
        isArtisan: e.is_artisan,
        ...(e.artisan_qualification ? { artisanQualification: e.artisan_qualification } : {}),
        ...(e.key_request_number ? { keyRequestNumber: e.key_request_number } : {}),
        ...(e.office ? { officeAgencyId: e.office } : {}),
      };
    },

    async inspectUploads({ caseId, uploads }): Promise<InspectedUpload[]> {
      return Promise.all(
        uploads.map(async (u): Promise<InspectedUpload> => {
          const rows: Array<{ sha256: string; size: number; detected_type: string; original_name: string }> = await db.query(
            'SELECT sha256, size, detected_type, original_name FROM documents WHERE id = $1 AND case_id = $2',
            [u.documentId, caseId],
          );
          const row = rows[0];
          const base = { documentId: u.documentId, kind: u.kind, ...(u.belongsTo ? { belongsTo: u.belongsTo } : {}) };
          if (!row) return { ...base, found: false };
          const facts = { ...base, found: true, detected: row.detected_type, sizeBytes: Number(row.size), fileName: row.original_name, sha256: row.sha256.trim() };
          if (!SIGNED_KINDS.has(u.kind)) return facts;
          if (row.detected_type !== 'pdf') return { ...facts, signature: { status: 'not_pdf' } };
          if (!deps.trustAnchors) throw new Error('no trust anchors configured for electronic signatures (SIGNATURE_TRUST_ANCHORS)');
          const verdict = await verifyPdfSignature(await deps.blobStore.get(row.sha256.trim()), deps.trustAnchors, { now: now() });
          // A signature that does not cover the whole file was followed by unsigned changes.
          const status = verdict.status === 'valid' && !verdict.coversWholeFile ? 'digest_mismatch' : verdict.status;
          return {
            ...facts,
            signature: {
              status,
              ...(verdict.signer ? { signer: verdict.signer.commonName } : {}),
              ...(verdict.signingTime ? { signingTime: verdict.signingTime } : {}),
            },
          };
        }),
      );
    },

    async issuePasswordLink(input: IssuePasswordLinkInput): Promise<{ linkId: string; expiresAt: string }> {
      const linkId = uuidFromDigest(sha256(`${input.caseId}:link:${input.ordinal}`));
      const token = passwordLinkToken(deps.secret, linkId);
      await db.query(
        `INSERT INTO credential_links (id, case_id, holder_kind, holder_id, token_hash, email, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [linkId, input.caseId, input.holderKind, input.holderId, passwordLinkTokenHash(token), input.email, new Date(now().getTime() + input.ttlMs).toISOString()],
      );
      const rows: Array<{ expires_at: Date; email: string }> = await db.query('SELECT expires_at, email FROM credential_links WHERE id = $1', [linkId]);
      const row = rows[0];
      if (!row) throw new Error(`credential link ${linkId} not found after insert`);
      const expiresAt = row.expires_at.toISOString();
      await deps.sendCaseEmail({
        idempotencyKey: `${input.caseId}:link:${input.ordinal}`,
        caseId: input.caseId,
        to: row.email,
        template: 'PASSWORD_LINK',
        params: {
          reference: caseReference(input.caseId),
          procedureName: input.procedureName,
          url: `${deps.portalBaseUrl}#token=${token}`,
          minutesValid: Math.max(1, Math.round(input.ttlMs / 60_000)),
          expiresAt,
        },
      });
      return { linkId, expiresAt };
    },

    async expirePasswordLink({ linkId }): Promise<LinkClosing> {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [rows]: [Array<{ used_at: Date | null; used_by: string | null }>, number] = await db.query(
        `UPDATE credential_links SET expired_at = COALESCE(expired_at, now())
          WHERE id = $1 RETURNING used_at, used_by`,
        [linkId],
      );
      const row = rows[0];
      if (row?.used_at) return { status: 'used', usedAt: row.used_at.toISOString(), usedBy: row.used_by ?? 'holder' };
      return { status: 'expired' };
    },
  };
}
