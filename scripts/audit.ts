/**
 * Auditor's command line, against the Temporal cluster (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE):
 *   npm run audit -- replay <caseId>          replays the case's history against the current workflow code
 *   npm run audit -- export <caseId> <file>   writes the case's history as JSON (the Temporal CLI / Web UI format)
 *   npm run audit -- replay-file <file>       replays an exported or archived history file
 *   npm run audit -- verify-checkpoint <file>... [--keys <file>] [--database]
 *                                             verifies signed event-log checkpoints offline (scripts/audit-checkpoints.ts)
 * With DATABASE_URL, replay (and replay-file, when the file's workflow input names its case) also compares the
 * case's event log in PostgreSQL, read only, with the events the history recorded and with every head a signed
 * checkpoint holds (ADR 0010; the API's replay does the same, libs/persistence verifyCaseLog); without it, one
 * line says the log was not compared.
 * Exit code: 0 clean (or exported, or intact), 2 the history does not replay, the event log does not match it
 * or a checkpoint is not intact, 1 any other error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { DEFAULT_NAMESPACE, caseWorkflowId, searchAttributeKeys, type CaseView } from '@tramites/contracts';
import {
  bundleWorkflows,
  fetchWorkflowHistory,
  historyFetchFailure,
  historyFromJson,
  historyToJson,
  historyWitness,
  replayHistory,
  workflowInput,
  workflowResult,
  type History,
} from '@tramites/histories';
import { dataConverterFromEnv, encryptedPayloadKeyIds } from '@tramites/infra';
import { EventLogRepository, createDataSource, verifyCaseLog, type ChainProblem, type ChainReport } from '@tramites/persistence';
import { CheckpointCliError, verifyCheckpointFiles } from './audit-checkpoints';

const USAGE =
  'uso: npm run audit -- replay <caseId> | export <caseId> <archivo.json> | replay-file <archivo.json> | verify-checkpoint <archivo.json>... [--keys <claves.json>] [--database]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An expected failure: printed as one line, without a stack trace. */
class AuditCliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const address = process.env['TEMPORAL_ADDRESS'] || '127.0.0.1:7233';
const namespace = process.env['TEMPORAL_NAMESPACE'] || DEFAULT_NAMESPACE;
// Payloads are encrypted (ADR 0014): the auditor's keys come from TEMPORAL_PAYLOAD_KEYS, as the worker's.
let converter: ReturnType<typeof dataConverterFromEnv> | undefined;
const codec = (): ReturnType<typeof dataConverterFromEnv> => (converter ??= dataConverterFromEnv());

async function connect(): Promise<{ client: Client; close: () => Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  } catch (err) {
    throw new AuditCliError(`No se pudo conectar con Temporal en ${address}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { client: new Client({ connection, namespace, dataConverter: codec().dataConverter }), close: () => connection.close() };
}

async function fetchHistory(client: Client, caseId: string): Promise<History> {
  let history: History;
  try {
    history = await fetchWorkflowHistory(client, caseWorkflowId(caseId));
  } catch (err) {
    const failure = historyFetchFailure(err);
    const details = err instanceof Error ? ((err as { details?: string }).details ?? err.message) : String(err);
    if (failure === 'namespace_not_found') throw new AuditCliError(`No existe el espacio de nombres ${namespace} en Temporal (${address}).`);
    if (failure === 'workflow_not_found') {
      throw new AuditCliError(
        `Temporal (${address}, ${namespace}) no tiene el trámite ${caseId}: revise el identificador, o use la copia archivada con replay-file.`,
      );
    }
    if (failure === 'temporal_unavailable') throw new AuditCliError(`Temporal no responde en ${address}: ${details}`);
    throw err;
  }
  if (!history.events?.length) throw new AuditCliError(`Temporal no tiene eventos del trámite ${caseId}.`);
  return history;
}

/**
 * Replays, then prints the verdict and the status: the workflow's result when closed, its CaseStatus search attribute when running.
 * Returns the replay's failure, if any (the caller still compares the event log before it exits).
 */
async function replay(history: History, label: string, workflowId: string, liveStatus?: () => Promise<string | undefined>): Promise<string | undefined> {
  const workflowBundle = await bundleWorkflows();
  const events = history.events?.length ?? 0;
  const error = await replayHistory({ workflowBundle, replayName: 'audit-cli', dataConverter: codec().dataConverter }, history, workflowId);
  if (error !== undefined) {
    process.stdout.write(`NO REPRODUCIBLE: el historial ${label} (${events} eventos) no se reproduce con el código actual de los flujos.\n`);
    return error;
  }
  process.stdout.write(`REPRODUCIBLE: el historial ${label} (${events} eventos) se reproduce sin diferencias con el código actual de los flujos.\n`);
  const result = await workflowResult<CaseView>(history, codec().codec);
  if (result) {
    process.stdout.write(`Estado final: ${result.status} (resultado del flujo)\n`);
    return undefined;
  }
  const status = await liveStatus?.();
  process.stdout.write(status ? `Estado actual: ${status} (el flujo sigue en curso)\n` : 'El flujo no ha terminado: no hay un estado final.\n');
  return undefined;
}

const seqList = (seqs: readonly number[]): string => (seqs.length ? seqs.join(', ') : 'ninguno');
const seqsOf = (report: ChainReport, problems: readonly ChainProblem[]): number[] =>
  [...new Set(report.findings.filter((f) => problems.includes(f.problem)).flatMap((f) => f.seqs))].sort((a, b) => a - b);

/**
 * The case's event log in PostgreSQL (DATABASE_URL, a read-only session) against what its history recorded and
 * the heads signed by checkpoints, with the API's check (libs/persistence verifyCaseLog). Prints the verdict;
 * true when the log matches or was not compared (no DATABASE_URL, or no case to compare).
 */
async function compareEventLog(history: History, caseId: string | undefined): Promise<boolean> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    process.stdout.write('Registro de eventos: no comparado (sin DATABASE_URL); defínala para compararlo con el historial y los puntos de control firmados.\n');
    return true;
  }
  if (!caseId) {
    process.stdout.write('Registro de eventos: no comparado (el historial no nombra su trámite).\n');
    return true;
  }
  let report: ChainReport;
  const witness = historyWitness(history);
  try {
    const ds = createDataSource({ url, poolSize: 1, applicationName: 'tramites-audit', readOnly: true });
    await ds.initialize();
    try {
      report = await verifyCaseLog(new EventLogRepository(ds), caseId, witness);
    } finally {
      await ds.destroy();
    }
  } catch (err) {
    // The message of the driver, never the URL (it may carry the password).
    throw new AuditCliError(`No se pudo leer el registro de eventos en PostgreSQL (DATABASE_URL): ${err instanceof Error ? err.message : String(err)}`);
  }
  const counts = `${witness.events} ${witness.events === 1 ? 'evento registrado' : 'eventos registrados'} por el flujo, ${report.events} ${report.events === 1 ? 'fila' : 'filas'}`;
  if (report.valid) {
    process.stdout.write(`REGISTRO ÍNTEGRO: el registro de eventos de PostgreSQL coincide con el historial (${counts}).\n${report.verdict}\n`);
    return true;
  }
  process.stdout.write(`REGISTRO NO ÍNTEGRO: el registro de eventos de PostgreSQL no coincide con el historial (${counts}).\n`);
  process.stdout.write(
    `Faltan: ${seqList(seqsOf(report, ['MISSING']))}. Añadidos fuera del flujo: ${seqList(seqsOf(report, ['NOT_IN_HISTORY']))}. ` +
      `Alterados: ${seqList(seqsOf(report, ['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'CHECKPOINT_MISMATCH']))}.\n`,
  );
  for (const f of report.findings) process.stdout.write(`- ${f.message}\n`);
  return false;
}

/** Exit 2 when the history does not replay or the log does not match it; the replay's failure first. */
function verdict(caseLabel: string, replayError: string | undefined, logIntact: boolean): void {
  if (replayError !== undefined) throw new AuditCliError(`Detalle: ${replayError.split('\n')[0]}`, 2);
  if (!logIntact) throw new AuditCliError(`El registro de eventos ${caseLabel} no está íntegro.`, 2);
}

async function main(argv: string[]): Promise<void> {
  const [command, first, second] = argv;
  if (command === 'verify-checkpoint') {
    let intact: boolean;
    try {
      intact = await verifyCheckpointFiles(argv.slice(1), (line) => process.stdout.write(`${line}\n`));
    } catch (err) {
      if (err instanceof CheckpointCliError) throw new AuditCliError(err.message);
      throw err;
    }
    if (!intact) throw new AuditCliError('Los puntos de control o el registro de eventos no están íntegros.', 2);
    return;
  }
  if (command === 'replay-file') {
    if (!first) throw new AuditCliError(USAGE);
    let history: History;
    try {
      history = historyFromJson(fs.readFileSync(first, 'utf8'));
    } catch (err) {
      throw new AuditCliError(`No se pudo leer el historial ${first}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const caseId = (await workflowInput<{ caseId?: string }>(history, codec().codec))?.caseId;
    const error = await replay(history, `del archivo ${first}`, caseId ? caseWorkflowId(caseId) : 'replay-file');
    const intact = await compareEventLog(history, caseId && UUID.test(caseId) ? caseId.toLowerCase() : undefined);
    verdict(caseId ? `del trámite ${caseId}` : `del archivo ${first}`, error, intact);
    return;
  }
  const exportTo = command === 'export' ? second : undefined;
  if ((command !== 'replay' && command !== 'export') || !first || (command === 'export' && !exportTo)) throw new AuditCliError(USAGE);
  if (!UUID.test(first)) throw new AuditCliError(`caseId debe ser un UUID: ${first}`);
  const caseId = first.toLowerCase();
  const { client, close } = await connect();
  try {
    const history = await fetchHistory(client, caseId);
    if (exportTo) {
      const file = path.resolve(exportTo);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${historyToJson(history)}\n`);
      process.stdout.write(`Historial del trámite ${caseId} exportado a ${file} (${history.events?.length ?? 0} eventos).\n`);
      const keys = encryptedPayloadKeyIds(history);
      process.stdout.write(
        keys.length
          ? `Contenido: el historial tal como lo guarda Temporal; sus datos personales van cifrados (AES-256-GCM, claves ${keys.join(', ')}). Para leerlos hace falta la clave o el servidor de códec (/codec/decode).\n`
          : 'Contenido: el historial tal como lo guarda Temporal; es anterior al cifrado y sus datos van en claro: trátelo como dato personal.\n',
      );
      return;
    }
    const error = await replay(history, `del trámite ${caseId}`, caseWorkflowId(caseId), async () => {
      const description = await client.workflow.getHandle(caseWorkflowId(caseId)).describe();
      return description.typedSearchAttributes.get(searchAttributeKeys.caseStatus);
    });
    verdict(`del trámite ${caseId}`, error, await compareEventLog(history, caseId));
  } finally {
    await close();
  }
}

// The replay worker's own logs would repeat the verdict: only errors.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof AuditCliError ? err.exitCode : 1);
  },
);
