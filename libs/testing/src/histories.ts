import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJson } from '@tramites/histories';

/** Recorded histories that every change to workflows/ must still replay (test/histories). */
export const HISTORIES_DIR = path.resolve(__dirname, '../../../test/histories');

/**
 * Saves a finished workflow's history as test/histories/<name>.json when RECORD_HISTORIES=1
 * (`RECORD_HISTORIES=1 npm test -- --skip-checks test/src/case-workflows`). Recorded files are
 * committed: they pin the behaviour of released workflow code.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  // Proto3 JSON, the format of the Temporal CLI and Web UI exports.
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJson(history)}\n`);
}

/** The recorded histories as JSON: the worker converts them with its own protobuf types. */
export function loadRecordedHistories(): Array<{ workflowId: string; history: unknown }> {
  if (!fs.existsSync(HISTORIES_DIR)) return [];
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8')) as unknown }));
}
