export * from './create-activities';
export * from './case-events/event-hash';
