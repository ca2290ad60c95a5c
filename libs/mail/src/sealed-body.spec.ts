import { openEmailBody, sealEmailBody } from './sealed-body';

const SECRET = 'test-secret-0123456789abcdef';
const body = { text: 'Su código es 907133', html: '<p>Su código es <b>907133</b></p>' };

describe('sealed email bodies', () => {
  it('opens what it sealed, and the sealed bytes do not show the text', () => {
    const sealed = sealEmailBody(SECRET, 'case:1', body);
    expect(openEmailBody(SECRET, 'case:1', sealed)).toEqual(body);
    expect(sealed.toString('utf8')).not.toContain('907133');
    expect(sealed.toString('latin1')).not.toContain('907133');
  });

  it('seals the same body differently each time (random IV)', () => {
    expect(sealEmailBody(SECRET, 'k', body).equals(sealEmailBody(SECRET, 'k', body))).toBe(false);
  });

  it('refuses another secret, another row key, altered bytes and unknown formats', () => {
    const sealed = sealEmailBody(SECRET, 'case:1', body);
    expect(() => openEmailBody('another-secret-0123456789', 'case:1', sealed)).toThrow();
    expect(() => openEmailBody(SECRET, 'case:2', sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 1, altered.length - 1);
    expect(() => openEmailBody(SECRET, 'case:1', altered)).toThrow();
    expect(() => openEmailBody(SECRET, 'case:1', Buffer.from([9, 1, 2]))).toThrow(/unknown format/);
  });
});
