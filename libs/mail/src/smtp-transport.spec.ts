import { DEFAULT_MAIL_FROM, isValidEmailAddress, smtpConfigFromEnv } from './smtp-transport';

describe('smtpConfigFromEnv', () => {
  it('defaults to a local SMTP server without TLS or credentials', () => {
    expect(smtpConfigFromEnv({})).toEqual({ host: '127.0.0.1', port: 1025, secure: false, from: DEFAULT_MAIL_FROM });
    expect(DEFAULT_MAIL_FROM).toBe('Trámites IESS <no-responder@iess.gob.ec>');
  });

  it('reads every variable', () => {
    expect(
      smtpConfigFromEnv({
        SMTP_HOST: 'smtp.iess.gob.ec',
        SMTP_PORT: '465',
        SMTP_SECURE: 'TRUE',
        SMTP_USER: 'tramites',
        SMTP_PASS: ' s3cret ',
        MAIL_FROM: 'IESS <notificaciones@iess.gob.ec>',
      }),
    ).toEqual({
      host: 'smtp.iess.gob.ec',
      port: 465,
      secure: true,
      user: 'tramites',
      pass: ' s3cret ',
      from: 'IESS <notificaciones@iess.gob.ec>',
    });
    expect(smtpConfigFromEnv({ SMTP_SECURE: '0', MAIL_FROM: 'avisos@iess.gob.ec' })).toMatchObject({
      secure: false,
      from: 'avisos@iess.gob.ec',
    });
  });

  it.each([
    [{ SMTP_PORT: 'smtp' }, /^SMTP_PORT must be an integer from 1 to 65535 \(got "smtp"\)$/],
    [{ SMTP_PORT: '70000' }, /^SMTP_PORT /],
    [{ SMTP_PORT: '0' }, /^SMTP_PORT /],
    [{ SMTP_SECURE: 'yes' }, /^SMTP_SECURE must be true or false \(got "yes"\)$/],
    [{ SMTP_HOST: 'smtp host' }, /^SMTP_HOST /],
    [{ SMTP_USER: 'tramites' }, /^SMTP_PASS is required when SMTP_USER is set$/],
    [{ SMTP_PASS: 'secret' }, /^SMTP_USER is required when SMTP_PASS is set$/],
    [{ MAIL_FROM: 'Trámites IESS' }, /^MAIL_FROM must be an email address/],
    [{ MAIL_FROM: 'IESS <no-responder>' }, /^MAIL_FROM /],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => smtpConfigFromEnv(env)).toThrow(message);
  });
});

describe('isValidEmailAddress', () => {
  it.each(['ana.perez@example.ec', 'a+tramite@sub.example.com.ec', "o'neil@example.org", 'x@correo.españa.es', 'x@xn--espaa-rta.es'])('accepts %s', (a) => {
    expect(isValidEmailAddress(a)).toBe(true);
  });

  it.each([
    '',
    'ana',
    'ana@',
    '@example.ec',
    'ana@localhost',
    'ana@@example.ec',
    'ana@example..ec',
    'ana.@example.ec',
    'ana perez@example.ec',
    'Ana <ana@example.ec>',
    'ana@example.ec, otro@example.ec',
    'ana@example.ec\r\nBcc: otro@example.ec',
    'ana@-example.ec',
    'ana@example.e',
    `${'a'.repeat(65)}@example.ec`,
  ])('refuses %j', (a) => {
    expect(isValidEmailAddress(a)).toBe(false);
  });
});
