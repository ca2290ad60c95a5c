import { redactedPath, scrubAttributes } from './scrub';

describe('scrubAttributes', () => {
  it('drops query strings and token-like segments from URLs, and redacts emails and identity numbers in any text', () => {
    const attributes: Record<string, unknown> = {
      'http.url': 'http://localhost:3000/tramites/0b6c7e8a-1f2d-4c3b-9a8e-7d6c5b4a3f21/verificacion?codigo=123456',
      'http.target': '/portal/clave/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      'url.query': 'email=ana@example.com',
      'exception.message': 'no affiliate 1712345675 for ana.perez@example.com',
      'http.status_code': 200,
    };
    scrubAttributes(attributes);
    expect(attributes).toEqual({
      'http.url': 'http://localhost:3000/tramites/0b6c7e8a-1f2d-4c3b-9a8e-7d6c5b4a3f21/verificacion',
      'http.target': '/portal/clave/:redacted',
      'exception.message': 'no affiliate <número> for <correo>',
      'http.status_code': 200,
    });
  });

  it('keeps route words and short references in a path', () => {
    expect(redactedPath('/oficina/juridico/poderes/P-123?x=1')).toBe('/oficina/juridico/poderes/P-123');
    expect(redactedPath('/registro/1790001237001')).toBe('/registro/:redacted');
  });
});
