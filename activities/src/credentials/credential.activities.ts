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
import {
  CredentialsRepository,
  PortalRegistryRepository,
  UploadsRepository,
  expectedAnswerHash,
  passwordLinkTokenHash,
  uuidFromDigest,
  type BlobStore,
} from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import { verifyPdfSignature, type TrustAnchors } from '@tramites/signing';

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
  const credentials = new CredentialsRepository(deps.dataSource);
  const registry = new PortalRegistryRepository(deps.dataSource);
  const uploadedFiles = new UploadsRepository(deps.dataSource);
  const now = deps.now ?? (() => new Date());

  return {
    async lookupAffiliate({ identityNumber }): Promise<AffiliateLookup> {
      const row = await registry.affiliateWithCredential(identityNumber);
      if (!row) return { found: false };
      return {
        found: true,
        fullName: row.fullName,
        email: row.email,
        locked: row.lockedAt !== null,
        failedTotal: row.failedAttempts ?? 0,
        personalQuestionIds: row.personalQuestionIds,
      };
    },

    async drawIdentityChallenge({ caseId, identityNumber, ordinal }): Promise<{ workHistory: ChallengeQuestion[] }> {
      const existing = await credentials.challenge(caseId, ordinal);
      if (existing) return { workHistory: existing.questions };
      const records: WorkRecord[] = await registry.workHistory(identityNumber);
      const others = await registry.otherEmployerNames(identityNumber, 30);
      const seed = createHmac('sha256', deps.secret).update(`challenge:${caseId}:${ordinal}`).digest().readUInt32BE(0);
      const drawn = drawWorkHistoryQuestions(records, [...others, ...DECOY_EMPLOYERS], seededRandom(seed), now().getUTCFullYear());
      const questions = drawn.map(({ id, text, options }) => ({ id, text, options: [...options] }));
      const answers = Object.fromEntries(drawn.map((q) => [q.id, expectedAnswerHash(caseId, ordinal, q.id, q.answer)]));
      await credentials.insertChallenge(caseId, ordinal, identityNumber, { questions, answers });
      const stored = await credentials.challenge(caseId, ordinal);
      return { workHistory: stored?.questions ?? questions };
    },

    async lookupEmployer({ employerId }): Promise<EmployerLookup> {
      const e = await registry.employer(employerId.trim().toUpperCase());
      if (!e) return { registered: false };
      return {
        registered: true,
        name: e.name,
        idType: e.idType,
        province: e.province,
        email: e.email,
        legalRepIdentity: e.legalRepIdentity,
        legalRepName: e.legalRepName,
        isArtisan: e.isArtisan,
        ...(e.artisanQualification ? { artisanQualification: e.artisanQualification } : {}),
        ...(e.keyRequestNumber ? { keyRequestNumber: e.keyRequestNumber } : {}),
        ...(e.officeAgencyId ? { officeAgencyId: e.officeAgencyId } : {}),
      };
    },

    async inspectUploads({ caseId, uploads }): Promise<InspectedUpload[]> {
      return Promise.all(
        uploads.map(async (u): Promise<InspectedUpload> => {
          const row = await uploadedFiles.find(caseId, u.documentId);
          const base = { documentId: u.documentId, kind: u.kind, ...(u.belongsTo ? { belongsTo: u.belongsTo } : {}) };
          if (!row) return { ...base, found: false };
          const facts = { ...base, found: true, detected: row.detectedType, sizeBytes: row.size, fileName: row.originalName, sha256: row.sha256 };
          if (!SIGNED_KINDS.has(u.kind)) return facts;
          if (row.detectedType !== 'pdf') return { ...facts, signature: { status: 'not_pdf' } };
          // No authority is trusted (SIGNATURE_TRUST_ANCHORS unset): no signer can be, a final verdict that a retry cannot change.
          if (!deps.trustAnchors) return { ...facts, signature: { status: 'untrusted' } };
          const verdict = await verifyPdfSignature(await deps.blobStore.get(row.sha256), deps.trustAnchors, { now: now() });
          // A signature that does not cover the whole file was followed by unsigned changes.
          const status = verdict.status === 'valid' && !verdict.coversWholeFile ? 'digest_mismatch' : verdict.status;
          return {
            ...facts,
            signature: {
              status,
              ...(verdict.signer ? { signer: verdict.signer.commonName, issuer: verdict.signer.issuer } : {}),
              ...(verdict.signingTime ? { signingTime: verdict.signingTime } : {}),
            },
          };
        }),
      );
    },

    async issuePasswordLink(input: IssuePasswordLinkInput): Promise<{ linkId: string; expiresAt: string }> {
      const linkId = uuidFromDigest(sha256(`${input.caseId}:link:${input.ordinal}`));
      const token = passwordLinkToken(deps.secret, linkId);
      const row = await credentials.insertLink({
        id: linkId,
        caseId: input.caseId,
        holderKind: input.holderKind,
        holderId: input.holderId,
        tokenHash: passwordLinkTokenHash(token),
        email: input.email,
        expiresAt: new Date(now().getTime() + input.ttlMs).toISOString(),
      });
      const expiresAt = row.expiresAt.toISOString();
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
      const row = await credentials.expireLink(linkId);
      if (row?.usedAt) return { status: 'used', usedAt: row.usedAt.toISOString(), usedBy: row.usedBy ?? 'holder' };
      return { status: 'expired' };
    },
  };
}
