import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { AesGcmPayloadCodec, DEVELOPMENT_PAYLOAD_KEYS, parsePayloadKeys } from '@tramites/infra';
import { historyFetchFailure, historyForExport, historyFromJson, historyToJson, workflowInput, workflowOutcome } from './index';

const HISTORIES = path.resolve(__dirname, '../../../test/histories');
const recorded = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(HISTORIES, name), 'utf8'));
const grpcError = (code: number, details: string): Error => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('Temporal histories', () => {
  const files = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
  const encrypted = files.find((f) => f.startsWith('encrypted-'));
  const codec = new AesGcmPayloadCodec(parsePayloadKeys(DEVELOPMENT_PAYLOAD_KEYS));

  it('reads and writes proto3 JSON without losing an event', () => {
    const history = historyFromJson(recorded(files[0] ?? ''));
    const again = historyFromJson(historyToJson(history));
    expect(again.events?.length).toBe(history.events?.length);
    expect(again.events?.length).toBeGreaterThan(0);
  });

  it('names how a run ended from its last event', () => {
    expect(workflowOutcome(historyFromJson({ events: [] }))).toBe('running');
    const ended = files.map((f) => workflowOutcome(historyFromJson(recorded(f))));
    expect(ended).toContain('completed');
  });

  it('says an encrypted history is encrypted, and decrypts it only on request', async () => {
    if (!encrypted) throw new Error('no encrypted recording in test/histories');
    const history = historyFromJson(recorded(encrypted));
    expect((await historyForExport(history, codec, false)).payloads).toMatch(/^encrypted; keys=dev-public/);
    const decrypted = await historyForExport(history, codec, true);
    expect(decrypted.payloads).toBe('decrypted');
    expect((await historyForExport(decrypted.history, codec, false)).payloads).toBe('plain');
    expect(await workflowInput<{ caseId?: string }>(history, codec)).toEqual(expect.objectContaining({ caseId: expect.any(String) }));
  });

  it('tells a missing workflow from a missing namespace and an unreachable server', () => {
    expect(historyFetchFailure(new WorkflowNotFoundError('gone', 'case:x', undefined))).toBe('workflow_not_found');
    expect(historyFetchFailure(grpcError(5, 'workflow execution not found'))).toBe('workflow_not_found');
    expect(historyFetchFailure(grpcError(5, 'Namespace tramites is not found.'))).toBe('namespace_not_found');
    expect(historyFetchFailure(grpcError(14, 'connection refused'))).toBe('temporal_unavailable');
    expect(historyFetchFailure(new Error('boom'))).toBeUndefined();
  });
});
