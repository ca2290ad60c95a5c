export const WEB_CONFIG = Symbol('WEB_CONFIG');
export const SESSIONS = Symbol('SESSIONS');
export const OFFICER_AUTH = Symbol('OFFICER_AUTH');
