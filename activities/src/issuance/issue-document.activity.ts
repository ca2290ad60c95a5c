import { createHmac } from 'node:crypto';
import type { IssueDocumentInput } from '@tramites/contracts';
import { normalizeDocumentNumber } from '@tramites/domain';
import type { DataSource } from 'typeorm';
import { IssuedDocumentsRepository, type BlobStore } from '@tramites/persistence';
import { renderForeignerCodeReceipt, renderNonAffiliationCertificate } from './pdf';
import { signStatement, type SigningKeys } from '@tramites/signing';
import { newVerificationNumber } from '@tramites/signing';

export interface IssueDocumentDependencies {
  dataSource: DataSource;
  blobStore: BlobStore;
  signing: SigningKeys;
  /** Secret from which each case's verification number is derived (unguessable, but the same on a retry). */
  secret: string;
  /** Public page that checks a document's QR code. */
  verifyBaseUrl: string;
  agencyName: (agencyId: string | undefined) => Promise<string>;
}

/** Bytes drawn from HMAC(secret, caseId, kind): the same case and kind always get the same verification number. */
function derivedBytes(secret: string, seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n;) {
      const block = createHmac('sha256', secret).update(`${seed}:${counter++}`).digest();
      const take = Math.min(block.length, n - filled);
      out.set(block.subarray(0, take), filled);
      filled += take;
    }
    return out;
  };
}

/**
 * Renders the signed PDF of an issued code or certificate and stores it content-addressed.
 * Every input of the rendering is fixed (issuedAt from the workflow, verification number
 * derived from the case), so a retried activity produces the same bytes and the same row.
 */
export function makeIssueDocument(deps: IssueDocumentDependencies) {
  const issued = new IssuedDocumentsRepository(deps.dataSource);
  return async function issueDocument(input: IssueDocumentInput): Promise<{ verificationNumber: string; sha256: string }> {
    const findIssued = () => issued.ofCase(input.caseId, input.kind);
    const existing = await findIssued();
    if (existing) return { verificationNumber: existing.verificationNumber, sha256: existing.sha256 };

    const issuedAt = new Date(input.issuedAt);
    const verificationNumber = newVerificationNumber(derivedBytes(deps.secret, `vn:${input.caseId}:${input.kind}`), issuedAt);
    const token = signStatement(
      {
        typ: input.kind,
        vn: verificationNumber,
        cid: input.caseId,
        sub: normalizeDocumentNumber(input.holder.documentNumber),
        name: input.holder.fullName,
        ...(input.code ? { code: input.code } : {}),
        iat: Math.floor(issuedAt.getTime() / 1000),
      },
      deps.signing.signingKey,
    );
    const common = {
      caseId: input.caseId,
      verificationNumber,
      holder: input.holder,
      issuedAt: input.issuedAt,
      agencyName: await deps.agencyName(input.agencyId),
      token,
      verifyBaseUrl: deps.verifyBaseUrl,
    };
    const pdf =
      input.kind === 'FOREIGNER_CODE' ? await renderForeignerCodeReceipt({ ...common, code: input.code ?? '' }) : await renderNonAffiliationCertificate(common);
    const blob = await deps.blobStore.put(pdf);
    await issued.insert({ verificationNumber, caseId: input.caseId, kind: input.kind, sha256: blob.sha256, statement: token, issuedAt: input.issuedAt });
    // A concurrent attempt may have won the insert: the stored row is the document.
    const row = await findIssued();
    if (!row) throw new Error(`issued document of case ${input.caseId} not found after insert`);
    return { verificationNumber: row.verificationNumber, sha256: row.sha256 };
  };
}
