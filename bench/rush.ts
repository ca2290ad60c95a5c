/**
 * The booking rush (ADR 0035): a new day opens at one agency with BENCH_RUSH_SEATS seats (slots of
 * BENCH_RUSH_SEATS_PER_SLOT), and BENCH_RUSH_APPLICANTS applicants, each with its own verified case, book
 * through the API's booking route at once. Each asks for the day's first slot, as the page shows it, and
 * after a refusal for the first alternative the refusal offers, until it has a seat or is offered none.
 * Before the rush, BENCH_RUSH_AT_REST applicants book one at a time: the booking's latency at rest.
 */
import { performance } from 'node:perf_hooks';
import { verifyCodeUpdate, type Actor } from '@tramites/contracts';
import type { TokenService } from '@tramites/api';
import type { DataSource } from 'typeorm';
import { BenchRows, TestRows } from '@tramites/testing/rows';
import { openCaseInput, type CaseDriver } from '@tramites/testing';

export const RUSH_APPLICANTS = Number(process.env.BENCH_RUSH_APPLICANTS ?? 500);
const RUSH_SEATS = Number(process.env.BENCH_RUSH_SEATS ?? 100);
const SEATS_PER_SLOT = Number(process.env.BENCH_RUSH_SEATS_PER_SLOT ?? 10);
const AT_REST = Number(process.env.BENCH_RUSH_AT_REST ?? 20);
/** An applicant who is still refused after this many tries gives up (counted). */
const MAX_TRIES = 60;
const AGENCY = 'UIO-NORTE';

interface Alternative {
  slotId: string;
  startsAt: string;
  available: number;
}

interface Applicant {
  caseId: string;
  auth: string;
}

interface Outcome {
  /** Order in which the applicants' first requests were sent. */
  arrival: number;
  sentAt: number;
  /** Index of the day's slot the applicant got, or undefined. */
  seat?: number;
  tries: number;
  gaveUp: boolean;
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

export interface RushDeps {
  db: DataSource;
  driver: CaseDriver;
  tokens: TokenService;
  base: string;
  log: (line: string) => void;
  pool: <T>(items: T[], size: number, work: (item: T) => Promise<void>) => Promise<void>;
}

async function verifiedCases(deps: RushDeps, count: number): Promise<Applicant[]> {
  const out: Applicant[] = [];
  await deps.pool(
    Array.from({ length: count }, (_, i) => i),
    16,
    async () => {
      const input = openCaseInput();
      const handle = await deps.driver.open(input);
      const code = await deps.driver.emailedCode(input.booker.email);
      const actor: Actor = { id: input.booker.identityNumber, role: 'applicant' };
      await handle.executeUpdate(verifyCodeUpdate, { args: [{ actor, code }] });
      out.push({ caseId: input.caseId, auth: `Bearer ${await deps.tokens.sign({ sub: input.booker.identityNumber, role: 'applicant' })}` });
    },
  );
  return out;
}

async function book(deps: RushDeps, who: Applicant, slotId: string): Promise<{ status: number; ms: number; alternatives?: Alternative[] }> {
  const started = performance.now();
  const res = await fetch(`${deps.base}/cases/${who.caseId}/appointment`, {
    method: 'POST',
    headers: { authorization: who.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ slotId }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; alternatives?: Alternative[] } };
  const ms = performance.now() - started;
  if (res.status === 422 && json.error?.code === 'APPOINTMENT.SLOT_FULL') return { status: res.status, ms, alternatives: json.error.alternatives ?? [] };
  return { status: res.status, ms };
}

/** Pairs (a, b) with a sent more than `toleranceMs` before b where b fared better: an earlier seat, or a seat while a got none. */
function inversions(outcomes: Outcome[], toleranceMs: number): { pairs: number; inverted: number } {
  const rank = (o: Outcome): number => o.seat ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...outcomes].sort((a, b) => a.sentAt - b.sentAt);
  let pairs = 0;
  let inverted = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i] as Outcome;
      const b = sorted[j] as Outcome;
      if (b.sentAt - a.sentAt <= toleranceMs) continue;
      pairs++;
      if (rank(b) < rank(a)) inverted++;
    }
  }
  return { pairs, inverted };
}

/** Runs the rush; `phase` measures the rush itself (its wall time, each process's CPU, and profiles with BENCH_PROFILE=1). */
export async function bookingRush<Cpu>(deps: RushDeps, phase: (work: () => Promise<void>) => Promise<{ seconds: number; cpu: Cpu }>) {
  const rows = new TestRows(deps.db);
  const bench = new BenchRows(deps.db);
  const slotCount = Math.ceil(RUSH_SEATS / SEATS_PER_SLOT);
  // The new day two days ahead (no other slot of the bench starts then or after it), every half hour.
  const slots: string[] = [];
  for (let i = 0; i < slotCount; i++) {
    slots.push(await rows.slotStartingIn(AGENCY, 2 * 24 * 60 + 30 * i, Math.min(SEATS_PER_SLOT, RUSH_SEATS - i * SEATS_PER_SLOT)));
  }
  deps.log(`rush: ${RUSH_APPLICANTS + AT_REST} verified cases`);
  const applicants = await verifiedCases(deps, RUSH_APPLICANTS + AT_REST);
  const atRest = applicants.splice(0, AT_REST);

  // At rest: one booking at a time, on a slot of another day.
  const restSlot = await rows.slotStartingIn(AGENCY, 3 * 24 * 60, Math.max(1, AT_REST));
  const restMs: number[] = [];
  for (const who of atRest) {
    const r = await book(deps, who, restSlot);
    if (r.status !== 200) throw new Error(`booking at rest answered ${r.status}`);
    restMs.push(r.ms);
  }

  const statuses = new Map<number, number>();
  const grantedMs: number[] = [];
  const refusedMs: number[] = [];
  const firstTryMs: number[] = [];
  let refusals = 0;
  let refusalsWithoutAlternatives = 0;
  let refusalsWithoutAlternativesWhileSeatsLeft = 0;
  let seatsTaken = 0;
  const outcomes: Outcome[] = [];
  const waits: Array<{ active: number; lockWaits: number }> = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      waits.push(await bench.backendWaits());
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  let arrivals = 0;
  deps.log(`rush: ${RUSH_APPLICANTS} applicants at once for ${RUSH_SEATS} seats in ${slotCount} slots`);
  const rush = await phase(async () => {
    await Promise.all(
      applicants.map(async (who) => {
        const outcome: Outcome = { arrival: arrivals++, sentAt: performance.now(), tries: 0, gaveUp: false };
        outcomes.push(outcome);
        let asked = slots[0] as string;
        while (outcome.tries < MAX_TRIES) {
          outcome.tries++;
          const r = await book(deps, who, asked);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (outcome.tries === 1) firstTryMs.push(r.ms);
          if (r.status === 200) {
            grantedMs.push(r.ms);
            seatsTaken++;
            outcome.seat = slots.indexOf(asked);
            return;
          }
          if (!r.alternatives) return;
          refusals++;
          refusedMs.push(r.ms);
          const next = r.alternatives.find((a) => slots.includes(a.slotId));
          if (!next) {
            refusalsWithoutAlternatives++;
            // A seat still free (neither booked nor held, ADR 0035 decision 10) when the answer was received: the refusal
            // missed one. Read from the slots after the answer: a seat is held before its 200 is sent, so the answers seen
            // so far undercount the seats taken.
            const free = seatsTaken < RUSH_SEATS ? (await bench.slotSeats(slots)).reduce((n, s) => n + s.capacity - s.booked, 0) : 0;
            if (free > 0) refusalsWithoutAlternativesWhileSeatsLeft++;
            return;
          }
          asked = next.slotId;
        }
        outcome.gaveUp = true;
      }),
    );
  });
  sampling = false;
  await sampler;

  const seats = await bench.slotSeats(slots);
  const overbooked = seats.reduce((n, s) => n + Math.max(0, s.booked - s.capacity) + Math.max(0, s.appointments - s.capacity), 0);
  const seatMismatch = seats.reduce((n, s) => n + Math.abs(s.booked - s.appointments), 0);
  const sendSpreadMs = Math.max(...outcomes.map((o) => o.sentAt)) - Math.min(...outcomes.map((o) => o.sentAt));
  const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const restP95 = pct(restMs, 95);
  return {
    applicants: RUSH_APPLICANTS,
    seats: RUSH_SEATS,
    slots: slotCount,
    seconds: rush.seconds,
    cpuSeconds: rush.cpu,
    statuses: Object.fromEntries(statuses),
    checks: {
      overbooked,
      /** Slots whose seat count differs from their booked appointments. */
      seatMismatch,
      fiveXx,
      seated: outcomes.filter((o) => o.seat !== undefined).length,
      seatsLeft: seats.reduce((n, s) => n + s.capacity - s.booked, 0),
      refusals,
      refusalsWithoutAlternatives,
      refusalsWithoutAlternativesWhileSeatsLeft,
      gaveUp: outcomes.filter((o) => o.gaveUp).length,
      triesPerApplicant: {
        p50: pct(
          outcomes.map((o) => o.tries),
          50,
        ),
        p95: pct(
          outcomes.map((o) => o.tries),
          95,
        ),
        max: Math.max(...outcomes.map((o) => o.tries)),
      },
    },
    /** Arrival order: pairs of applicants sent more than the tolerance apart in which the later one fared better. */
    order: {
      sendSpreadMs,
      atZeroMs: inversions(outcomes, 0),
      at100Ms: inversions(outcomes, 100),
      atRestP95: inversions(outcomes, restP95),
    },
    latencyMs: {
      atRest: { n: restMs.length, p50: pct(restMs, 50), p95: restP95 },
      firstTry: { p50: pct(firstTryMs, 50), p95: pct(firstTryMs, 95) },
      granted: { n: grantedMs.length, p50: pct(grantedMs, 50), p95: pct(grantedMs, 95) },
      refused: { n: refusedMs.length, p50: pct(refusedMs, 50), p95: pct(refusedMs, 95) },
      /** p95 of a booking's answer (seat or refusal) under the rush against its p95 at rest. */
      rushToRestP95: pct([...grantedMs, ...refusedMs], 95) / Math.max(1, restP95),
    },
    /** PostgreSQL's backends sampled every 25 ms during the rush: how many ran, how many waited for a lock. */
    postgres: {
      samples: waits.length,
      activeMax: Math.max(0, ...waits.map((w) => w.active)),
      lockWaitsMax: Math.max(0, ...waits.map((w) => w.lockWaits)),
      lockWaitsMean: waits.reduce((n, w) => n + w.lockWaits, 0) / Math.max(1, waits.length),
    },
  };
}
