import { randomInt } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AssignForeignerCodeInput, AssignForeignerCodeResult, IssueForeignerCodeInput } from '@tramites/contracts';
import { generateForeignerCode, normalizeDocumentNumber, personNameKey } from '@tramites/domain';
import { ForeignerCodeRepository, type CodeHolder } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

type Assigned = Extract<AssignForeignerCodeResult, { outcome: 'assigned' }>;

/**
 * Assigns the foreigner identification code exactly once per person:
 * - every document a person has shown points to the person's code (person_documents), so a
 *   second case with the same passport, or with a visa recorded before, gets the same code;
 * - the same normalised names + birth date + nationality with another document is a probable
 *   duplicate: nothing is issued until a case manager decides (same person: the existing code,
 *   recorded against the new document; different person: a new code);
 * - idempotent by case: a retry finds what this case was given (the code's case_id, the
 *   document's case_id); the unique keys and advisory locks on the name key and the document make two codes
 *   for one person impossible even when two cases race.
 */
export function makeForeignerCodeActivities(dataSource: DataSource) {
  const random = (): number => randomInt(0, 2 ** 47) / 2 ** 47;
  const registry = new ForeignerCodeRepository(dataSource);

  async function assign(input: AssignForeignerCodeInput, review: boolean): Promise<AssignForeignerCodeResult> {
    const h = input.holder;
    const holder: CodeHolder = {
      caseId: input.caseId,
      holder: h,
      nationality: h.nationality.trim().toUpperCase(),
      documentNumber: normalizeDocumentNumber(h.documentNumber),
      nameKey: personNameKey(h),
    };
    return registry.transaction(async (tx) => {
      await tx.lockPerson(holder);
      const given = async (code: string): Promise<Assigned> => ({ outcome: 'assigned', code, ...(await tx.recordDocument(holder, code)) });

      // This case was already given a code (a retry), or the document is known: that person's code.
      const known = await tx.knownCode(holder);
      if (known) return given(known);

      if (input.decision?.kind === 'same_person') {
        if (!(await tx.codeExists(input.decision.code))) {
          throw ApplicationFailure.create({ type: 'DUPLICATE.UNKNOWN_CODE', message: `no foreigner code ${input.decision.code}`, nonRetryable: true });
        }
        return given(input.decision.code);
      }
      if (review && input.decision === undefined) {
        const candidates = await tx.candidates(holder.nameKey);
        if (candidates.length > 0) return { outcome: 'possible_duplicate', candidates };
      }
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const candidate = generateForeignerCode(random);
        // A code drawn twice is drawn again.
        if (await tx.insertCode(holder, candidate)) return given(candidate);
      }
      throw new Error('could not assign a foreigner code after 5 attempts');
    });
  }

  return {
    /** Cases started before the "posible duplicado" review: the same dedupe on documents, never a review. */
    async issueForeignerCode(input: IssueForeignerCodeInput): Promise<{ code: string; alreadyHad: boolean }> {
      const result = await assign(input, false);
      if (result.outcome !== 'assigned') throw new Error('unreachable: no review without the review');
      return { code: result.code, alreadyHad: result.alreadyHad };
    },
    assignForeignerCode: (input: AssignForeignerCodeInput): Promise<AssignForeignerCodeResult> => assign(input, true),
  };
}
