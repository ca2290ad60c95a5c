import { WORKFLOW_TYPES } from '@tramites/contracts';
import * as workflows from './index';

/** Clients start workflows by WORKFLOW_TYPES: each name is a workflow the worker registers, and each registered workflow has a name. */
describe('workflow type names (libs/contracts)', () => {
  it('are exactly the workflows exported to the worker', () => {
    expect(Object.values(WORKFLOW_TYPES).sort()).toEqual(Object.keys(workflows).sort());
  });
});
