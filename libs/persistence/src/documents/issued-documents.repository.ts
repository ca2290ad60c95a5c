import { SqlRepository } from '../sql/sql-repository';

export interface IssuedDocumentRow {
  verificationNumber: string;
  caseId: string;
  kind: string;
  sha256: string;
  /** The signed statement (compact JWS) printed in the document's QR code. */
  statement: string;
  issuedAt: string;
}

interface Row {
  verification_number: string;
  case_id: string;
  kind: string;
  sha256: string;
  statement: string;
  issued_at: Date;
}

const COLUMNS = 'd.verification_number, d.case_id, d.kind, d.sha256, d.statement, d.issued_at';
const toIssued = (r: Row): IssuedDocumentRow => ({
  verificationNumber: r.verification_number,
  caseId: r.case_id,
  kind: r.kind,
  sha256: r.sha256.trim(),
  statement: r.statement,
  issuedAt: new Date(r.issued_at).toISOString(),
});

/** The register of issued documents (issued_documents): written by the worker only (issueDocument); the API reads it. */
export class IssuedDocumentsRepository extends SqlRepository {
  async ofCase(caseId: string, kind: string): Promise<IssuedDocumentRow | undefined> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM issued_documents d WHERE d.case_id = $1 AND d.kind = $2`, [caseId, kind])) as Row[];
    return row && toIssued(row);
  }

  /** The case's first issued document. */
  async firstOfCase(caseId: string): Promise<IssuedDocumentRow | undefined> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM issued_documents d WHERE d.case_id = $1 ORDER BY d.issued_at LIMIT 1`, [caseId])) as Row[];
    return row && toIssued(row);
  }

  /** The document with this verification number, and the holder's name as the read model knows it. */
  async byVerificationNumber(verificationNumber: string): Promise<(IssuedDocumentRow & { holderName: string | null }) | undefined> {
    const [row] = (await this.db.query(
      `SELECT ${COLUMNS}, c.holder_name
         FROM issued_documents d LEFT JOIN cases c ON c.id = d.case_id
        WHERE d.verification_number = $1`,
      [verificationNumber],
    )) as Array<Row & { holder_name: string | null }>;
    return row && { ...toIssued(row), holderName: row.holder_name };
  }

  /** Records the document once per case and kind; a concurrent or earlier record wins (read it back with ofCase). */
  async insert(d: Omit<IssuedDocumentRow, 'sha256'> & { sha256: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO issued_documents (verification_number, case_id, kind, sha256, statement, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, kind) DO NOTHING`,
      [d.verificationNumber, d.caseId, d.kind, d.sha256, d.statement, d.issuedAt],
    );
  }
}
