export { personKey } from '@tramites/persistence';
