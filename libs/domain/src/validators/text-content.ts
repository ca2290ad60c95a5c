/**
 * What a person's name or a free text may not hide: invisible format characters (Unicode
 * category Cf), among them zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF),
 * the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
 * make a text read differently from what it stores, and the soft hyphen. Regular expressions
 * with Unicode properties only: the workflow sandbox runs this too.
 */
const FORMAT_CHARACTER = /\p{Cf}/u;
const LETTER = /\p{L}/u;

/** True when the text holds an invisible format or bidirectional control character. */
export function hasFormatCharacter(value: string): boolean {
  return FORMAT_CHARACTER.test(value);
}

/** A person's name has at least one letter (not only spaces, digits, punctuation or invisible characters). */
export function hasLetter(value: string): boolean {
  return LETTER.test(value);
}
