import { Client, Connection } from '@temporalio/client';
import { historyToJson } from '@tramites/histories';
import { checkInUpdate, recordDocumentsUpdate, type CaseView } from '@tramites/contracts';
import { AesGcmPayloadCodec, DEVELOPMENT_PAYLOAD_KEYS, ENCRYPTED_ENCODING, parsePayloadKeys } from '@tramites/infra';
import {
  completeDocuments000,
  OFFICER,
  openCaseInput,
  recordHistory,
  requireTestEnv,
  slotStartingSoon,
  startWorkflowSuite,
  type CaseDriver,
  type TestDatabase,
  type WorkflowSuite,
} from '@tramites/testing';

/** Every text of a history JSON, and what each base64 text decodes to (how plain payloads appear). */
function readableTexts(json: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node, Buffer.from(node, 'base64').toString('utf8'));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(json);
  return out;
}

/** ADR 0014: what an operator sees with the Temporal CLI or Web UI holds no personal data of the case. */
describe('personal data in Temporal histories', () => {
  let suite: WorkflowSuite;
  let db: TestDatabase;
  let driver: CaseDriver;
  /** A client as the Temporal CLI is one: no codec. */
  let operator: { client: Client; close: () => Promise<void> };

  beforeAll(async () => {
    suite = await startWorkflowSuite('encryption', 2);
    ({ db, driver } = suite);
    const connection = await Connection.connect({ address: requireTestEnv('temporalAddress') });
    operator = { client: new Client({ connection, namespace: requireTestEnv('namespace') }), close: () => connection.close() };
  });

  afterAll(async () => {
    await operator.close();
    await suite.close();
  });

  it('000: the issued case history fetched from the server holds neither the email, nor the passport number, nor the name', async () => {
    const input = openCaseInput();
    const handle = await driver.open(input);
    await driver.verifyAndBook(handle, input, await slotStartingSoon(db.dataSource, 'UIO-NORTE'));
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
    await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    const result = (await handle.result()) as CaseView;
    expect(result.status).toBe('issued');
    const issuedCode = result.result?.code ?? '';
    expect(issuedCode).not.toBe('');

    const history = await operator.client.workflow.getHandle(handle.workflowId).fetchHistory();
    const json = JSON.parse(historyToJson(history)) as unknown;
    const texts = readableTexts(json).join('\n');
    const personal = [input.booker.email, input.booker.identityNumber, input.holder.fullName, 'Pérez Gómez', input.booker.mobile, issuedCode];
    for (const value of personal) expect({ value, found: texts.includes(value) }).toEqual({ value, found: false });
    expect(texts).toContain(ENCRYPTED_ENCODING);

    // Control: decrypted with the key, the start input does hold them, so the search above would find them.
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(process.env['TEMPORAL_PAYLOAD_KEYS'] ?? DEVELOPMENT_PAYLOAD_KEYS));
    const [plain] = await codec.decode(history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
    expect(
      readableTexts(JSON.parse(historyToJson({ events: [{ workflowExecutionStartedEventAttributes: { input: { payloads: [plain!] } } }] }))).join('\n'),
    ).toContain(input.booker.email);

    await recordHistory(handle, 'encrypted-000-issued');
    await recordHistory(handle, 'encrypted-000-issued-actor-assertions');
  });
});
