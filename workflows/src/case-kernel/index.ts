// The case kernel (ADR 0018): what every case workflow shares.
export * from './activities';
export * from './case-kernel';
export * from './guards';
