import { CASE_ACTIONS, type CaseAction } from '@tramites/contracts';

/** Per action of the table (libs/contracts case-actions.ts), whether the page may offer it. */
export type ActionsAllowed = Readonly<Record<CaseAction, boolean>>;

/**
 * The buttons a page draws for a case: exactly the actions the API listed for this caller now
 * (`availableActions`, by the one table the workflow refuses by), never a rule of the page's own.
 */
export function actionsAllowed(view: { availableActions?: readonly string[] }): ActionsAllowed {
  const listed = new Set(view.availableActions ?? []);
  return Object.fromEntries(CASE_ACTIONS.map((action) => [action, listed.has(action)])) as Record<CaseAction, boolean>;
}
