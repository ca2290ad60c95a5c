/**
 * `npm run audit -- verify-checkpoint <file.json>... [--keys <file>] [--database]`: an auditor's
 * offline check of signed event-log checkpoints (ADR 0010). Only the public keys are needed:
 * SIGNING_PUBLIC_KEYS, or --keys with the published key set (GET /verificacion/clave-publica,
 * a JWKS) or a JSON object kid -> SPKI PEM. With --database (DATABASE_URL), every case head the
 * files sign is also checked against the database's event log, naming what is missing or altered.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { verificationKeysFromEnv } from '@tramites/activities';
import {
  EventLogRepository,
  checkEventChain,
  createDataSource,
  verifyCheckpointSeries,
  type CheckpointedHead,
  type SignedCheckpoint,
} from '@tramites/persistence';

export class CheckpointCliError extends Error {}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CheckpointCliError(`No se pudo leer ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A JWKS ({"keys": [{"kty":"OKP","crv":"Ed25519","kid","x"}]}) or {kid: PEM or base64 of PEM}. */
function keysFromFile(file: string): Record<string, KeyObject> {
  const json = readJson(file, 'las claves públicas') as Record<string, unknown>;
  const keys: Record<string, KeyObject> = Object.create(null) as Record<string, KeyObject>;
  try {
    if (Array.isArray(json['keys'])) {
      for (const jwk of json['keys'] as Array<Record<string, unknown>>) {
        if (typeof jwk['kid'] !== 'string') continue;
        keys[jwk['kid']] = createPublicKey({ key: { kty: 'OKP', crv: String(jwk['crv']), x: String(jwk['x']) }, format: 'jwk' });
      }
      return keys;
    }
    return verificationKeysFromEnv({ SIGNING_PUBLIC_KEYS: JSON.stringify(json) }) as Record<string, KeyObject>;
  } catch (err) {
    throw new CheckpointCliError(`Las claves públicas de ${file} no son válidas: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function verifyCheckpointFiles(args: string[], write: (line: string) => void): Promise<boolean> {
  const files: string[] = [];
  let keysFile: string | undefined;
  let database = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--keys') keysFile = args[++i];
    else if (arg === '--database') database = true;
    else files.push(arg);
  }
  if (!files.length || (args.includes('--keys') && !keysFile)) {
    throw new CheckpointCliError('uso: npm run audit -- verify-checkpoint <archivo.json>... [--keys <claves.json>] [--database]');
  }
  const keys = keysFile
    ? keysFromFile(keysFile)
    : (verificationKeysFromEnv({ SIGNING_PUBLIC_KEYS: process.env['SIGNING_PUBLIC_KEYS'] }) as Record<string, KeyObject>);
  if (!Object.keys(keys).length) throw new CheckpointCliError('No hay claves públicas: defina SIGNING_PUBLIC_KEYS o use --keys <archivo>.');

  const documents = files.map((f) => readJson(f, 'el punto de control'));
  const series = verifyCheckpointSeries(documents, keys);
  for (const v of series.verified) write(`FIRMA VÁLIDA: punto de control ${v.number} (clave ${v.kid}, ${v.heads} trámites, resumen ${v.digest})`);
  for (const p of series.problems) {
    const what = { INVALID: 'no es válido', MISSING: 'falta entre los archivos', BROKEN_LINK: 'no enlaza con el anterior' }[p.problem];
    write(`NO VÁLIDO: el punto de control ${p.number} ${what} (${p.detail})`);
  }
  let valid = series.valid;
  if (database)
    valid =
      (await compareWithDatabase(
        documents as SignedCheckpoint[],
        series.verified.map((v) => v.number),
        write,
      )) && valid;
  write(valid ? 'RESULTADO: íntegro.' : 'RESULTADO: NO íntegro.');
  return valid;
}

/** Every case head the valid files sign, against the database's chain of that case; and the files' checkpoints against the stored ones. */
async function compareWithDatabase(documents: SignedCheckpoint[], validNumbers: number[], write: (line: string) => void): Promise<boolean> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new CheckpointCliError('--database necesita DATABASE_URL.');
  const heads = new Map<string, CheckpointedHead[]>();
  const valid = new Set(validNumbers);
  for (const doc of documents) {
    if (!valid.has(doc.payload.number)) continue;
    for (const h of doc.payload.heads) {
      const list = heads.get(h.caseId) ?? [];
      list.push({ checkpoint: doc.payload.number, takenAt: doc.payload.takenAt, seq: h.seq, hash: h.hash });
      heads.set(h.caseId, list);
    }
  }
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'tramites-audit' });
  await ds.initialize();
  let ok = true;
  try {
    const repo = new EventLogRepository(ds);
    const stored = new Map((await repo.listCheckpoints()).map((c) => [c.number, c.digest]));
    for (const doc of documents) {
      if (!valid.has(doc.payload.number)) continue;
      if (!stored.has(doc.payload.number)) {
        ok = false;
        write(`BASE DE DATOS: el punto de control ${doc.payload.number} ya no está en la base`);
      }
    }
    for (const [caseId, signed] of [...heads.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const check = checkEventChain(await repo.events(caseId), { recordedLastSeq: await repo.recordedLastSeq(caseId), checkpointedHeads: signed });
      if (check.valid) continue;
      ok = false;
      for (const f of check.findings) {
        const what = {
          MISSING: 'faltan los eventos',
          HASH_MISMATCH: 'alterado el evento',
          PREV_HASH_MISMATCH: 'no enlaza el evento',
          CHECKPOINT_MISMATCH: `no coincide con el punto de control ${f.checkpoint} hasta el evento`,
          NOT_IN_HISTORY: 'no figuran en el historial de Temporal los eventos',
        }[f.problem];
        write(`BASE DE DATOS: trámite ${caseId}: ${what} ${f.seqs.join(', ')}`);
      }
    }
    if (ok) write(`BASE DE DATOS: los ${heads.size} trámites firmados coinciden con el registro de eventos`);
  } finally {
    await ds.destroy();
  }
  return ok;
}
