import { foldText } from '../shared/text';

/** What identifies a person when the documents differ: names, date of birth, nationality. */
export interface PersonParticulars {
  readonly fullName: string;
  readonly nationality: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

/**
 * The normalised name key of a person: nationality, date of birth and the
 * names without accents, case, punctuation or word order ("PÉREZ GÓMEZ, María José" and "María
 * José Pérez Gómez" give the same key). Two foreigners with the same key are a probable
 * duplicate: a case manager decides, never the machine alone.
 */
export function personNameKey(person: PersonParticulars): string {
  const names = foldText(person.fullName).split(' ').filter(Boolean).sort().join(' ');
  return `${person.nationality.trim().toUpperCase()}|${person.birthDate}|${names}`;
}
