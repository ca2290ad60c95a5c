export const DESK_PATH = '/oficina/escritorio';
export const casePath = (caseId: string): string => `${DESK_PATH}/tramites/${caseId}`;

/** Back to a page of the desk, never elsewhere. */
export const back = (to: unknown, fallback: string): string =>
  typeof to === 'string' && /^\/oficina\/escritorio(\/|\?|$)[A-Za-z0-9\-._~%/?=&+]*$/.test(to) && !to.includes('//') ? to : fallback;
