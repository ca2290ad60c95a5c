import { redactPersonalData } from './redact';

describe('redactPersonalData', () => {
  it.each([
    ['550 5.1.1 <ana.torres@example.ec>: Recipient address rejected', '550 5.1.1 <<correo>>: Recipient address rejected'],
    ['Key (identity_number)=(1712345675) already exists', 'Key (identity_number)=(<número>) already exists'],
    ['RUC 1790016919001 y móvil +593991234567', 'RUC <número> y móvil <número>'],
  ])('%s', (text, redacted) => {
    expect(redactPersonalData(text)).toBe(redacted);
  });

  it('leaves case ids, SMTP codes and dates alone', () => {
    const text = 'case 1ba1d7f4-1d9b-805f-bde0-3595bb34006b: SMTP 421 at 2026-12-01T16:00:00Z';
    expect(redactPersonalData(text)).toBe(text);
  });
});
