/**
 * Prints the environment lines for a new document-signing key pair (ADR 0006):
 *
 *   node -r @swc-node/register scripts/generate-signing-key.ts [kid]
 *
 * stdout gets SIGNING_KEY_ID, SIGNING_PRIVATE_KEY (base64 of a PKCS#8 PEM) and
 * SIGNING_PUBLIC_KEYS (JSON kid -> base64 of SPKI PEM). When SIGNING_PUBLIC_KEYS
 * is already set in the environment (a rotation), its keys are kept in the
 * printed map, so documents signed with retired keys still verify.
 * Explanations go to stderr, so `> signing.env` captures only the lines.
 */
import { exportPublicKeyPem, generateSigningKeyPair, newKid, signingKeyEnvLines, verificationKeysFromEnv } from '@tramites/signing';

function main(): void {
  const kid = process.argv[2] ?? newKid();
  const previous = verificationKeysFromEnv({ SIGNING_PUBLIC_KEYS: process.env['SIGNING_PUBLIC_KEYS'] });
  const pair = generateSigningKeyPair(kid);
  const say = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };

  say(`# New Ed25519 document-signing key "${pair.kid}".`);
  say('# SIGNING_PRIVATE_KEY is a secret: give it only to the worker (the process that issues documents).');
  say('# SIGNING_PUBLIC_KEYS goes to every process that verifies (API, worker); never drop a retired key from it.');
  const kept = Object.keys(previous).filter((k) => k !== pair.kid);
  if (kept.length > 0) say(`# Kept from the current SIGNING_PUBLIC_KEYS: ${kept.join(', ')}.`);
  process.stdout.write(`${signingKeyEnvLines(pair, previous).join('\n')}\n`);
  say('# Public key to publish for offline verification (SPKI PEM):');
  say(exportPublicKeyPem(pair.publicKey).trimEnd());
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
