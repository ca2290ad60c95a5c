export * from './worker';
export * from './worker.config';
// What a test worker is made of besides the factory (libs/testing builds its worker through createTramitesWorker).
export { keyedPoderWorkflowId, type ActivityDependencies } from '@tramites/activities';
