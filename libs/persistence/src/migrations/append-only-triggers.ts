/**
 * The statements that make a table's rows immutable for every role, the superuser included
 * (ENABLE ALWAYS: `session_replication_role` does not skip them): a row trigger on UPDATE and
 * DELETE and a statement trigger on TRUNCATE, both calling `fn`. By default that is the audit
 * record's `refuse_audit_log_change()` (migration 1700000001000, ADR 0010); a table whose rows may
 * still change in some ways names its own guard.
 */
export function appendOnlyTriggers(table: string, fn = 'refuse_audit_log_change', rowTrigger = `${table}_append_only`): string[] {
  const truncateTrigger = `${table}_no_truncate`;
  return [
    `CREATE TRIGGER ${rowTrigger} BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${truncateTrigger} BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${rowTrigger}`,
    `ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${truncateTrigger}`,
  ];
}
