/** The floor's activities (bench only): empty bodies, so what is left is Temporal's own cost. */
const empty = async (_arg: string): Promise<void> => undefined;
export const floorActivities = {
  recordEvent: empty,
  issueCode: empty,
  checkCode: empty,
  reserveSlot: empty,
  sendEmail: empty,
  issueRegistry: empty,
  issueDocument: empty,
};
