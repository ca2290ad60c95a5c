export const OFFICER_AUTH = Symbol('OFFICER_AUTH');
export const OFFICER_API = Symbol('OFFICER_API');
