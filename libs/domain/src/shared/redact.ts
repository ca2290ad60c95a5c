/**
 * Log lines carry no personal data (ADR 0014): email addresses and runs of 10 or more digits
 * (cédulas, RUCs, foreigner codes, mobile numbers) in free text, such as a mail server's or a
 * database's error message, are replaced before the text is logged.
 */
export function redactPersonalData(text: string): string {
  return text.replace(/[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[A-Za-z]{2,}/g, '<correo>').replace(/(?<![0-9A-Fa-f-])\+?\d{10,}(?![0-9A-Fa-f-])/g, '<número>');
}
