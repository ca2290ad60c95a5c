import {
  chainHash,
  checkEventChain,
  GENESIS_HASH,
  type ChainCheck,
  type ChainCheckContext,
  type ChainFinding,
  type ChainProblem,
  type StoredEvent,
} from '@tramites/persistence';

/**
 * Verification of a case's hash-chained event log (docs/decisions/0004-audit-event-log.md,
 * 0010-append-only-anchored-event-log.md):
 *   hash(n) = sha256(hash(n-1) || canonical_json(event n)), hash(0) = 64 zeros,
 * checked event by event, against the read model's last seq (truncation) and against every
 * head a signed checkpoint recorded for the case. The algorithm lives once, in
 * @tramites/persistence, shared with the writer; event-chain.spec.ts pins it to known hashes.
 */
export { chainHash, checkEventChain, GENESIS_HASH };
export type { ChainCheck, ChainCheckContext, ChainFinding, ChainProblem, StoredEvent };

const numbers = (seqs: readonly number[]): string => (seqs.length === 1 ? String(seqs[0]) : `${seqs.slice(0, -1).join(', ')} y ${seqs.at(-1)}`);

/** One Spanish sentence per finding, naming its events. */
export function describeFinding(f: ChainFinding, takenAt?: string): string {
  const one = f.seqs.length === 1;
  switch (f.problem) {
    case 'MISSING':
      return one ? `Falta el evento ${numbers(f.seqs)} (fue borrado del registro)` : `Faltan los eventos ${numbers(f.seqs)} (fueron borrados del registro)`;
    case 'HASH_MISMATCH':
      return `El contenido ${one ? 'del evento' : 'de los eventos'} ${numbers(f.seqs)} no coincide con su hash registrado (fue alterado)`;
    case 'PREV_HASH_MISMATCH':
      return `El evento ${numbers(f.seqs)} no enlaza con el hash del evento anterior`;
    case 'NOT_IN_HISTORY':
      return one
        ? `El evento ${numbers(f.seqs)} no figura en el historial de Temporal del trámite (fue añadido fuera del flujo)`
        : `Los eventos ${numbers(f.seqs)} no figuran en el historial de Temporal del trámite (fueron añadidos fuera del flujo)`;
    case 'CHECKPOINT_MISMATCH':
      return `La cadena hasta el evento ${numbers(f.seqs)} no coincide con la firmada en el punto de control ${f.checkpoint}${takenAt ? ` (${takenAt})` : ''}: algún evento hasta el ${numbers(f.seqs)} fue reescrito`;
  }
}
