import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { caseWorkflowId, passwordSetUpdate, type CredentialCaseView } from '@tramites/contracts';
import { developmentSignatures, type DevelopmentSignatures } from '@tramites/devenv/src/dev-signatures';
import { loadTrustAnchors } from '@tramites/activities';
import {
  affiliateFixture,
  createTestPki,
  employerFixture,
  recordHistory,
  seedAffiliate,
  seedEmployer,
  signedPdf,
  tamperPdf,
  uniqueCedula,
  unsignedPdf,
  workHistoryAnswers,
  type AffiliateFixture,
  type TestPki,
} from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { DEMO_EMPLOYERS } from '@tramites/persistence';
import { BackOfficeTestRows, TestRows } from '@tramites/testing/rows';

/** Not production's 15 minutes: the expired-link test waits for the link to expire. */
const LINK_TTL_SECONDS = 10;
const OFFICER = { sub: 'officer-uio-1', role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
const OTHER_OFFICER = { sub: 'officer-gye-1', role: 'case_manager' as const, agencyId: 'GYE-CENTRO' };
const AUDITOR = { sub: 'auditor-1', role: 'auditor' as const };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

/** Sheets 003 and 004 through the HTTP API, against the real worker, Temporal and PostgreSQL. */
describe('portal passwords (003 affiliate, 004 employer) through the API', () => {
  let h: ApiHarness;
  const rows = (): TestRows => new TestRows(h.db.dataSource);
  let pki: TestPki;
  let demo: DevelopmentSignatures;

  beforeAll(async () => {
    pki = await createTestPki({ commonName: 'Carlos Andrés Vera Mora' });
    // The worker trusts the suite's CA and, as under npm start, the data folder's development CA (its SIGNATURE_TRUST_ANCHORS file).
    demo = await developmentSignatures(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-dev-ca-')), {
      fullName: DEMO_EMPLOYERS[0].legalRepName,
      identityNumber: DEMO_EMPLOYERS[0].legalRepIdentity,
    });
    h = await startApiHarness(
      'portal_passwords',
      { PORTAL_LINK_TTL_SECONDS: String(LINK_TTL_SECONDS) },
      { trustAnchors: loadTrustAnchors(`${pki.caPem}\n${fs.readFileSync(demo.trustAnchorsFile, 'utf8')}`) },
    );
  });
  afterAll(() => h.close());

  // --- helpers ------------------------------------------------------------------------------------
  async function captcha(): Promise<string> {
    const res = await h.http().get('/captcha').expect(200);
    const [a, b] = (res.body.question as string).match(/\d+/g)!.map(Number);
    return `${res.body.captchaId}:${(a ?? 0) + (b ?? 0)}`;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function staff(p: Parameters<ApiHarness['token']>[0]) {
    return bearer(await h.token(p));
  }
  async function linkTokenFor(email: string, after = 0): Promise<string> {
    const message = await h.smtp.waitForMessage(
      (m) => m.to.includes(email) && m.subject.startsWith('Enlace para generar su clave') && h.smtp.messages().indexOf(m) >= after,
      15_000,
    );
    return /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
  }
  async function startAffiliate(a: AffiliateFixture) {
    const res = await h
      .http()
      .post('/portal-passwords/affiliate')
      .send({ identityNumber: a.identityNumber, captchaToken: await captcha() });
    return res;
  }
  function answersFor(a: AffiliateFixture, view: CredentialCaseView, wrong = false) {
    const check = view.identityCheck!;
    return {
      ordinal: check.ordinal,
      birthDay: wrong ? 1 : Number(a.birthDate.slice(8, 10)),
      birthMonth: Number(a.birthDate.slice(5, 7)),
      workHistory: workHistoryAnswers(a, check.workHistory),
      personal: a.personal ?? {},
    };
  }
  async function waitForStatus(caseId: string, status: string): Promise<CredentialCaseView> {
    const handle = h.env.client.workflow.getHandle(caseWorkflowId(caseId));
    for (let i = 0; i < 100; i += 1) {
      const view = (await handle.query('getCase')) as CredentialCaseView;
      if (view.status === status) return view;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`case ${caseId} never reached ${status}`);
  }

  // --- 003 ------------------------------------------------------------------------------------------
  describe('003 affiliate password, online', () => {
    it('first generation: identity check, changed email, single-use link, personal questions set, password hashed with argon2id', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
      const started = await startAffiliate(a);
      expect(started.status).toBe(201);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      expect(started.body.case.status).toBe('identity_check');
      expect(started.body.case.identityCheck.firstGeneration).toBe(true);
      expect(started.body.case.identityCheck.workHistory).toHaveLength(2);

      const passed = await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answersFor(a, started.body.case)).expect(200);
      expect(passed.body.status).toBe('awaiting_email');
      expect(passed.body.email.masked).toBe('an********@example.ec');

      const newEmail = `nueva.${a.identityNumber}@example.ec`;
      const sent = await h.http().post(`/cases/${caseId}/email`).set(bearer(accessToken)).send({ email: newEmail }).expect(200);
      expect(sent.body.status).toBe('link_sent');
      expect(sent.body.email.changed).toBe(true);
      const token = await linkTokenFor(newEmail);

      const inspected = await h.http().post('/password-links/inspect').send({ token }).expect(200);
      expect(inspected.body).toMatchObject({ status: 'valid', requiresDeclaration: true, requiresPersonalAnswers: true });

      const base = {
        token,
        declarationAccepted: true,
        personalAnswers: [
          { questionId: 'P1', answer: 'Firulais' },
          { questionId: 'P2', answer: 'Loja' },
        ],
      };
      const weak = await h
        .http()
        .post('/password-links/password')
        .send({ ...base, password: 'corta1', passwordConfirmation: 'corta1' })
        .expect(400);
      expect(weak.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
      const symbols = await h
        .http()
        .post('/password-links/password')
        .send({ ...base, password: 'Clave$egura1', passwordConfirmation: 'Clave$egura1' })
        .expect(400);
      expect(symbols.body.error.fields[0].message).toMatch(/letras|números|caracteres/);
      const noDeclaration = await h
        .http()
        .post('/password-links/password')
        .send({ ...base, declarationAccepted: false, password: 'ClaveNueva2026', passwordConfirmation: 'ClaveNueva2026' })
        .expect(400);
      expect(noDeclaration.body.error.fields[0].field).toBe('declarationAccepted');

      const set = await h
        .http()
        .post('/password-links/password')
        .send({ ...base, password: 'ClaveNueva2026', passwordConfirmation: 'ClaveNueva2026' })
        .expect(200);
      expect(set.body).toMatchObject({ caseId, status: 'password_set' });
      const again = await h
        .http()
        .post('/password-links/password')
        .send({ ...base, password: 'OtraClave2026', passwordConfirmation: 'OtraClave2026' })
        .expect(410);
      expect(again.body.error.code).toBe('LINK.USED');

      const done = await waitForStatus(caseId, 'issued');
      expect(done.result).toMatchObject({ kind: 'PORTAL_PASSWORD', setBy: a.identityNumber });
      const cred = await rows().portalCredential('affiliate', a.identityNumber);
      expect(cred?.password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(cred?.security_answers)).not.toMatch(/firulais|loja/i);
      expect(await rows().affiliateEmail(a.identityNumber)).toBe(newEmail);
      await h.smtp.waitForMessage((m) => m.to.includes(newEmail) && m.subject.startsWith('Se registró una nueva clave'));

      // Nothing secret anywhere the auditors (or anyone) can read: history, events, read model.
      const handle = h.env.client.workflow.getHandle(caseWorkflowId(caseId));
      const history = JSON.stringify(await handle.fetchHistory());
      const events = JSON.stringify((await rows().caseEvents(caseId)).map(({ data }) => ({ data })));
      for (const secret of ['ClaveNueva2026', 'Firulais', 'Loja', token, 'Comercial Andina', '1988-04-17']) {
        expect(history).not.toContain(secret);
        expect(events).not.toContain(secret);
      }
      const timeline = await h
        .http()
        .get(`/audit/cases/${caseId}/timeline`)
        .set(await staff(AUDITOR))
        .expect(200);
      const passwordSet = JSON.stringify(timeline.body).includes('PASSWORD_SET');
      expect(passwordSet).toBe(true);
      const types: string[] = (await rows().caseEvents(caseId)).map((r) => r.type);
      expect(types).toEqual(['CASE_OPENED', 'IDENTITY_QUESTIONS_DRAWN', 'IDENTITY_CHECK_PASSED', 'EMAIL_CHANGED', 'PASSWORD_LINK_SENT', 'PASSWORD_SET']);
      await recordHistory(handle, '003-password-set');
    });

    it('five wrong answers in total lock the credential; an officer unlocks it and the case goes on', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture({ personal: { P3: 'Escuela Espejo', P5: 'Mensajero' } }));
      const started = await startAffiliate(a);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      expect(started.body.case.identityCheck.personal.map((p: { id: string }) => p.id)).toEqual(['P3', 'P5']);
      let view: CredentialCaseView = started.body.case;
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        const res = await h
          .http()
          .post(`/cases/${caseId}/identity-check`)
          .set(bearer(accessToken))
          .send({ ...answersFor(a, view), personal: { P3: 'otra', P5: 'Mensajero' } })
          .expect(422);
        expect(res.body.error).toMatchObject({ code: 'IDENTITY.CHECK_FAILED', attemptsLeft: 5 - attempt });
        view = res.body.error.case;
        expect(view.identityCheck?.ordinal).toBe(attempt + 1);
      }
      const stale = await h
        .http()
        .post(`/cases/${caseId}/identity-check`)
        .set(bearer(accessToken))
        .send({ ...answersFor(a, view), ordinal: 1 })
        .expect(409);
      expect(stale.body.error).toMatchObject({ code: 'IDENTITY.STALE_CHALLENGE', currentOrdinal: 5 }); // nothing counted
      const locked = await h
        .http()
        .post(`/cases/${caseId}/identity-check`)
        .set(bearer(accessToken))
        .send(answersFor(a, view, true))
        .expect(423);
      expect(locked.body.error.code).toBe('CREDENTIAL.LOCKED');
      expect((await waitForStatus(caseId, 'locked')).status).toBe('locked');
      await h.smtp.waitForMessage((m) => m.to.includes(a.email) && m.subject.startsWith('Su clave del portal IESS fue bloqueada'));

      // A new case for the same person finds the credential locked.
      const second = await startAffiliate(a);
      expect(second.body.case.status).toBe('locked');

      await h
        .http()
        .post(`/portal-credentials/affiliates/${a.identityNumber}/unlock`)
        .set(await staff({ sub: 'applicant-x', role: 'applicant' }))
        .send({ reason: 'x' })
        .expect(403);
      const status = await h
        .http()
        .get(`/portal-credentials/affiliates/${a.identityNumber}`)
        .set(await staff(OFFICER))
        .expect(200);
      expect(status.body).toMatchObject({ locked: true, failedAttempts: 5 });
      expect(JSON.stringify(status.body)).not.toMatch(/argon2/);
      // An unlock needs a fresh sign-in: a token whose sign-in is older than 5 minutes is refused.
      const oldSignIn = await h
        .http()
        .post(`/portal-credentials/affiliates/${a.identityNumber}/unlock`)
        .set(bearer(await h.token(OFFICER, { authTime: Math.floor(Date.now() / 1000) - 10 * 60 })))
        .send({ reason: 'Identidad verificada con la cédula en la agencia' })
        .expect(401);
      expect(oldSignIn.body.error.code).toBe('AUTH.REAUTHENTICATION_REQUIRED');
      expect((await rows().caseEvents(caseId)).map((e) => e.type)).not.toContain('CREDENTIAL_UNLOCKED');
      const unlocked = await h
        .http()
        .post(`/portal-credentials/affiliates/${a.identityNumber}/unlock`)
        .set(await staff(OFFICER))
        .send({ reason: 'Identidad verificada con la cédula en la agencia' })
        .expect(200);
      expect(unlocked.body.resumedCases.sort()).toEqual([caseId, second.body.caseId].sort());
      await h
        .http()
        .post(`/portal-credentials/affiliates/${a.identityNumber}/unlock`)
        .set(await staff(OFFICER))
        .send({ reason: 'otra vez' })
        .expect(409);

      const resumed = await waitForStatus(caseId, 'identity_check');
      expect(resumed.identityCheck).toMatchObject({ ordinal: 6, attemptsLeft: 5 });
      const ok = await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answersFor(a, resumed)).expect(200);
      expect(ok.body.status).toBe('awaiting_email');
      const types: string[] = (await rows().caseEvents(caseId)).map((r) => r.type);
      expect(types.filter((t) => t === 'IDENTITY_CHECK_FAILED')).toHaveLength(4);
      expect(types).toEqual(expect.arrayContaining(['CREDENTIAL_LOCKED', 'CREDENTIAL_UNLOCKED', 'IDENTITY_CHECK_PASSED']));
      const unlock = (await rows().caseEvents(caseId)).find((e) => e.type === 'CREDENTIAL_UNLOCKED');
      expect({ actor_id: unlock?.actor_id, actor_role: unlock?.actor_role }).toEqual({ actor_id: OFFICER.sub, actor_role: 'case_manager' });
      await recordHistory(h.env.client.workflow.getHandle(caseWorkflowId(caseId)), '003-locked-unlocked');
    });

    it('an expired link cannot be used; a new one can be asked for', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture({ personal: { P1: 'Toby', P2: 'Cuenca' } }));
      const started = await startAffiliate(a);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answersFor(a, started.body.case)).expect(200);
      const mark = h.smtp.messages().length;
      await h.http().post(`/cases/${caseId}/email`).set(bearer(accessToken)).send({ email: a.email }).expect(200);
      const token = await linkTokenFor(a.email, mark);
      const expired = await waitForStatus(caseId, 'link_expired');
      expect(expired.link).toMatchObject({ ordinal: 1, linksLeft: 2 });
      const late = await h
        .http()
        .post('/password-links/password')
        .send({ token, password: 'ClaveNueva2026', passwordConfirmation: 'ClaveNueva2026', declarationAccepted: true })
        .expect(410);
      expect(late.body.error.code).toBe('LINK.EXPIRED');

      const mark2 = h.smtp.messages().length;
      const resent = await h.http().post(`/cases/${caseId}/password-link/resend`).set(bearer(accessToken)).expect(200);
      expect(resent.body.link).toMatchObject({ ordinal: 2, linksLeft: 1 });
      const token2 = await linkTokenFor(a.email, mark2);
      expect(token2).not.toBe(token);
      await h
        .http()
        .post('/password-links/password')
        .send({ token: token2, password: 'ClaveNueva2026', passwordConfirmation: 'ClaveNueva2026', declarationAccepted: true })
        .expect(200);
      await waitForStatus(caseId, 'issued');
      await recordHistory(h.env.client.workflow.getHandle(caseWorkflowId(caseId)), '003-link-expired-resent');
    });

    it('refuses a bad captcha, a malformed identity number and a person who is not an affiliate, in Spanish', async () => {
      const badCaptcha = await h.http().post('/portal-passwords/affiliate').send({ identityNumber: '1710034065', captchaToken: 'x.y.z:1' }).expect(400);
      expect(badCaptcha.body.error).toMatchObject({ code: 'CAPTCHA.FAILED', fields: [expect.objectContaining({ field: 'captchaToken' })] });
      const token = await captcha();
      await h
        .http()
        .post('/portal-passwords/affiliate')
        .send({ identityNumber: '1710034065', captchaToken: token })
        .expect((r) => expect(r.status).not.toBe(400));
      const reused = await h.http().post('/portal-passwords/affiliate').send({ identityNumber: '1710034065', captchaToken: token }).expect(400);
      expect(reused.body.error.code).toBe('CAPTCHA.FAILED');
      const malformed = await h
        .http()
        .post('/portal-passwords/affiliate')
        .send({ identityNumber: '12AB', captchaToken: await captcha() })
        .expect(400);
      expect(malformed.body.error.fields[0]).toMatchObject({ field: 'identityNumber' });
      const badCheckDigit = await h
        .http()
        .post('/portal-passwords/affiliate')
        .send({ identityNumber: '0102030405', captchaToken: await captcha() })
        .expect(400);
      expect(badCheckDigit.body.error.fields[0]).toMatchObject({ field: 'identityNumber', message: expect.stringContaining('dígito verificador') });
      const stranger = await h
        .http()
        .post('/portal-passwords/affiliate')
        .send({ identityNumber: uniqueCedula(), captchaToken: await captcha() })
        .expect(422);
      expect(stranger.body.error).toMatchObject({ code: 'PORTAL.NOT_AFFILIATED' });
      expect(stranger.body.error.message).toMatch(/afiliado/);
    });

    it('a case token reaches only its own case', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
      const one = await startAffiliate(a);
      const two = await startAffiliate(a);
      await h.http().get(`/cases/${two.body.caseId}`).set(bearer(one.body.accessToken)).expect(403);
      const list = await h.http().get('/cases').set(bearer(one.body.accessToken)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(two.body.caseId);
      await h.http().get(`/cases/${one.body.caseId}`).set(bearer(one.body.accessToken)).expect(200);
    });

    it('answers an officer about an affiliate without a portal key: 404 CREDENTIAL.NOT_FOUND, and 409 CREDENTIAL.NOT_LOCKED to an unlock', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
      const status = await h
        .http()
        .get(`/portal-credentials/affiliates/${a.identityNumber}`)
        .set(await staff(OFFICER))
        .expect(404);
      expect(status.body.error).toEqual({ code: 'CREDENTIAL.NOT_FOUND', message: 'Ese afiliado todavía no tiene una clave del portal.' });
      const unlock = await h
        .http()
        .post(`/portal-credentials/affiliates/${a.identityNumber}/unlock`)
        .set(await staff(OFFICER))
        .send({ reason: 'Identidad verificada con la cédula en la agencia' })
        .expect(409);
      expect(unlock.body.error).toEqual({ code: 'CREDENTIAL.NOT_LOCKED', message: 'La clave de ese afiliado no está bloqueada.' });
      expect(await rows().portalCredential('affiliate', a.identityNumber)).toBeFalsy();
      // Even with nothing locked and no case waiting, the lookup of the person is in the officers' access log.
      const reads = await new BackOfficeTestRows(h.db.dataSource).officerAccessRows(
        'read_credential_status',
        `/portal-credentials/affiliates/${a.identityNumber}`,
      );
      expect(reads).toEqual([{ officerId: OFFICER.sub, role: 'case_manager', agencyId: OFFICER.agencyId }]);
      // The auditor finds it by its event, the person named by the path.
      const audited = await h
        .http()
        .get('/audit/officer-access')
        .query({ event: 'read_credential_status', officerId: OFFICER.sub })
        .set(await staff(AUDITOR))
        .expect(200);
      expect(audited.body.items.map((i: { path: string }) => i.path)).toContain(`/portal-credentials/affiliates/${a.identityNumber}`);
    });

    it('refuses a link token that was never sent (404 LINK.NOT_FOUND); the case refuses a password set by a link that is not its last (LINK.NOT_CURRENT)', async () => {
      const made = 'x'.repeat(43);
      const inspected = await h.http().post('/password-links/inspect').send({ token: made }).expect(404);
      expect(inspected.body.error).toEqual({ code: 'LINK.NOT_FOUND', message: 'El enlace no es válido. Revise que lo copió completo desde el correo.' });
      const set = await h
        .http()
        .post('/password-links/password')
        .send({ token: made, password: 'ClaveNueva2026', passwordConfirmation: 'ClaveNueva2026', declarationAccepted: true })
        .expect(404);
      expect(set.body.error.code).toBe('LINK.NOT_FOUND');

      // The API reports a used link to the case by the link's id; a stale id is refused by the case itself.
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
      const started = await startAffiliate(a);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answersFor(a, started.body.case)).expect(200);
      await h.http().post(`/cases/${caseId}/email`).set(bearer(accessToken)).send({ email: a.email }).expect(200);
      const sent = await waitForStatus(caseId, 'link_sent');
      expect(sent.link?.linkId).toBeDefined();
      const handle = h.env.client.workflow.getHandle(caseWorkflowId(caseId));
      const refused = await handle
        .executeUpdate(passwordSetUpdate, {
          args: [{ actor: { id: a.identityNumber, role: 'applicant' }, linkId: randomUUID(), setAt: new Date().toISOString() }],
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect({ type: cause.type, message: cause.message }).toEqual({
        type: 'LINK.NOT_CURRENT',
        message: 'El enlace no corresponde al último enviado en este trámite',
      });
      expect((await waitForStatus(caseId, 'link_sent')).status).toBe('link_sent');
    });
  });

  // --- 004 ------------------------------------------------------------------------------------------
  describe('004 employer password', () => {
    async function startVirtual(employerId: string) {
      return h
        .http()
        .post('/portal-passwords/employer')
        .send({
          channel: 'virtual',
          employerId,
          filerRole: 'legal_representative',
          filer: { identityNumber: '1710034065', fullName: 'Carlos Andrés Vera Mora' },
          captchaToken: await captcha(),
        });
    }
    async function upload(caseId: string, accessToken: string, bytes: Uint8Array | Buffer, name: string) {
      return h.http().post(`/cases/${caseId}/uploads`).set(bearer(accessToken)).attach('file', Buffer.from(bytes), name);
    }
    async function uploadAll(caseId: string, accessToken: string, request: Uint8Array, agreement: Uint8Array) {
      const ids = [];
      for (const [bytes, name, kind] of [
        [unsignedPdf('RUC 1790016919001'), 'ruc.pdf', 'ruc'],
        [request, 'solicitud.pdf', 'key_delivery_request'],
        [JPEG, 'cedula.jpg', 'cedula'],
        [agreement, 'acuerdo.pdf', 'responsibility_agreement'],
      ] as const) {
        const res = await upload(caseId, accessToken, bytes, name);
        expect([200, 201]).toContain(res.status);
        ids.push({ documentId: res.body.documentId as string, kind, ...(kind === 'cedula' ? { belongsTo: 'legal_representative' } : {}) });
      }
      return ids;
    }

    it('Ventanilla Virtual: signed uploads verified, routed to the province office, approved, link to the registered email', async () => {
      const e = await seedEmployer(h.db.dataSource, employerFixture({ email: `patronal.${Date.now()}@example.ec` }));
      const started = await startVirtual(e.id);
      expect(started.status).toBe(201);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      expect(started.body.case).toMatchObject({ status: 'awaiting_submission', province: 'PICHINCHA' });

      // Failures first: unsigned, tampered and untrusted signatures are named one by one.
      const stranger = await createTestPki({ commonName: 'Firmante Desconocido' });
      const bad = await uploadAll(caseId, accessToken, tamperPdf(await signedPdf(pki)), await signedPdf(stranger));
      const refused = await h
        .http()
        .post(`/cases/${caseId}/submission`)
        .set(bearer(accessToken))
        .send({ uploads: bad, requestDetail: 'Solicito la clave patronal.' })
        .expect(422);
      expect(refused.body.error.code).toBe('SUBMISSION.OBSERVED');
      const codes = (refused.body.error.reasons as Array<{ code: string }>).map((r) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['DOC.SIGNATURE_TAMPERED', 'DOC.SIGNATURE_UNTRUSTED']));
      const unsigned = await uploadAll(caseId, accessToken, unsignedPdf('Solicitud sin firma'), await signedPdf(pki, { text: 'Acuerdo firmado' }));
      const refused2 = await h
        .http()
        .post(`/cases/${caseId}/submission`)
        .set(bearer(accessToken))
        .send({ uploads: unsigned, requestDetail: 'Solicito la clave patronal.' })
        .expect(422);
      expect((refused2.body.error.reasons as Array<{ code: string }>).map((r) => r.code)).toContain('DOC.SIGNATURE_ELECTRONIC_REQUIRED');

      // Uploads refused at the door: too large, not JPG or PDF.
      const big = await upload(caseId, accessToken, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_048_577, 0x20)]), 'grande.pdf');
      expect([413, 422]).toContain(big.status);
      expect(big.body.error.code).toBe('UPLOAD.TOO_LARGE');
      const png = await upload(caseId, accessToken, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]), 'ruc.pdf');
      expect(png.status).toBe(422);
      expect(png.body.error.code).toBe('UPLOAD.TYPE_NOT_ALLOWED');

      const good = await uploadAll(
        caseId,
        accessToken,
        await signedPdf(pki, { text: 'Solicitud de entrega de clave' }),
        await signedPdf(pki, { text: 'Acuerdo de responsabilidad' }),
      );
      const submitted = await h
        .http()
        .post(`/cases/${caseId}/submission`)
        .set(bearer(accessToken))
        .send({ uploads: good, requestDetail: 'Solicito la clave patronal.' })
        .expect(200);
      expect(submitted.body).toMatchObject({ status: 'office_review', agencyId: 'UIO-NORTE' });
      expect(submitted.body.submission.uploads.filter((u: { signature?: { status: string } }) => u.signature?.status === 'valid')).toHaveLength(2);

      await h
        .http()
        .post(`/cases/${caseId}/office-review`)
        .set(await staff(OTHER_OFFICER))
        .send({ decision: 'approve' })
        .expect(403);
      // The office's decision is a step-up decision (ADR 0021): a sign-in 6 minutes old is asked to confirm, and nothing is decided.
      const stale = await h
        .http()
        .post(`/cases/${caseId}/office-review`)
        .set(bearer(await h.token(OFFICER, { authTime: Math.floor(Date.now() / 1000) - 6 * 60 })))
        .send({ decision: 'approve' })
        .expect(401);
      expect(stale.body.error.code).toBe('AUTH.REAUTHENTICATION_REQUIRED');
      expect(
        (
          await h
            .http()
            .get(`/cases/${caseId}`)
            .set(await staff(OFFICER))
        ).body.status,
      ).toBe('office_review');
      const approved = await h
        .http()
        .post(`/cases/${caseId}/office-review`)
        .set(await staff(OFFICER))
        .send({ decision: 'approve' })
        .expect(200);
      expect(approved.body.status).toBe('link_sent');
      const token = await linkTokenFor(e.email);
      const inspected = await h.http().post('/password-links/inspect').send({ token }).expect(200);
      expect(inspected.body).toMatchObject({ holderKind: 'employer', requiresDeclaration: false, requiresPersonalAnswers: false });
      await h.http().post('/password-links/password').send({ token, password: 'Patronal2026x', passwordConfirmation: 'Patronal2026x' }).expect(200);
      const done = await waitForStatus(caseId, 'issued');
      expect(done.result?.setBy).toBe(e.id);
      const cred = await rows().portalCredential('employer', e.id);
      expect(cred?.password_hash).toMatch(/^\$argon2id\$/);
      const types: string[] = (await rows().caseEvents(caseId)).map((r) => r.type);
      expect(types).toEqual([
        'CASE_OPENED',
        'EMPLOYER_VERIFIED',
        'SUBMISSION_OBSERVED',
        'SUBMISSION_OBSERVED',
        'SUBMISSION_RECEIVED',
        'ROUTED_TO_OFFICE',
        'OFFICE_APPROVED',
        'PASSWORD_LINK_SENT',
        'PASSWORD_SET',
      ]);
      await recordHistory(h.env.client.workflow.getHandle(caseWorkflowId(caseId)), '004-virtual-password-set');
    });

    it("Ventanilla Virtual with npm start's demo documents: signed with its development CA, accepted by the worker's signature inspection", async () => {
      const e = await seedEmployer(h.db.dataSource, employerFixture({ email: `demo.${Date.now()}@example.ec` }));
      const started = await startVirtual(e.id);
      expect(started.status).toBe(201);
      const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
      const demoFile = (kind: string): Buffer => fs.readFileSync(demo.documents.find((d) => d.kind === kind)!.file);
      const uploads = await uploadAll(caseId, accessToken, demoFile('key_delivery_request'), demoFile('responsibility_agreement'));
      const submitted = await h
        .http()
        .post(`/cases/${caseId}/submission`)
        .set(bearer(accessToken))
        .send({ uploads, requestDetail: 'Solicito la clave patronal.' })
        .expect(200);
      expect(submitted.body).toMatchObject({ status: 'office_review' });
      const signed = (submitted.body.submission.uploads as Array<{ signature?: { status: string; signer?: string } }>).filter((u) => u.signature);
      expect(signed.map((u) => u.signature)).toEqual([
        expect.objectContaining({ status: 'valid', signer: demo.signer }),
        expect.objectContaining({ status: 'valid', signer: demo.signer }),
      ]);
    });

    it('at the window: the officer records hand-signed documents and a third party collecting; the link goes to the employer', async () => {
      const e = await seedEmployer(h.db.dataSource, employerFixture({ email: `ventanilla.${Date.now()}@example.ec` }));
      const officer = await staff(OFFICER);
      const opened = await h
        .http()
        .post('/portal-passwords/employer')
        .set(officer)
        .send({
          channel: 'in_person',
          employerId: e.id,
          filerRole: 'authorised_third_party',
          filer: { identityNumber: '0912345675', fullName: 'Luis Alberto Mena Vera' },
          appointmentReference: 'TL-000123',
        })
        .expect(201);
      const caseId = opened.body.caseId as string;
      expect(opened.body.status).toBe('awaiting_window_review');
      const documents = [
        {
          kind: 'key_delivery_request',
          original: true,
          copy: false,
          signature: 'handwritten',
          fields: { thirdPartyFullName: 'Luis Alberto Mena Vera', thirdPartyCedula: '0912345675' },
        },
        { kind: 'cedula', belongsTo: 'legal_representative', original: true, copy: false, fields: { documentNumber: e.legalRepIdentity } },
        { kind: 'cedula', belongsTo: 'third_party', original: true, copy: false, fields: {} },
        { kind: 'responsibility_agreement', original: true, copy: false, signature: 'electronic', fields: {} },
      ];
      const observed = await h.http().post(`/cases/${caseId}/documents`).set(officer).send({ documents }).expect(200);
      expect(observed.body.status).toBe('awaiting_correction');
      expect(JSON.stringify(observed.body.submission.checklist)).toContain('DOC.SIGNATURE_HANDWRITTEN_REQUIRED');
      const fixed = documents.map((d) => (d.kind === 'responsibility_agreement' ? { ...d, signature: 'handwritten' } : d));
      const accepted = await h.http().post(`/cases/${caseId}/documents`).set(officer).send({ documents: fixed }).expect(200);
      expect(accepted.body.status).toBe('link_sent');
      const token = await linkTokenFor(e.email);
      await h.http().post('/password-links/password').send({ token, password: 'Patronal2026y', passwordConfirmation: 'Patronal2026y' }).expect(200);
      await waitForStatus(caseId, 'issued');
      await recordHistory(h.env.client.workflow.getHandle(caseWorkflowId(caseId)), '004-in-person-password-set');
    });

    it('an unregistered employer, or one without a key-delivery request, is refused with the reason', async () => {
      const unknown = await startVirtual(employerFixture().id);
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('ELIGIBILITY.EMPLOYER_NOT_REGISTERED');
      expect(unknown.body.error.message).toMatch(/registro de empleador/);
      const e = await seedEmployer(h.db.dataSource, employerFixture({ keyRequestNumber: null }));
      const noRequest = await startVirtual(e.id);
      expect(noRequest.status).toBe(422);
      expect(noRequest.body.error.code).toBe('PORTAL.KEY_REQUEST_MISSING');
      const badRuc = await startVirtual('1790016918001');
      expect(badRuc.status).toBe(400);
      expect(badRuc.body.error.fields[0]).toMatchObject({ field: 'employerId' });
      const thirdOnline = await h
        .http()
        .post('/portal-passwords/employer')
        .send({
          channel: 'virtual',
          employerId: e.id,
          filerRole: 'authorised_third_party',
          filer: { identityNumber: '0912345675', fullName: 'Luis Mena' },
          captchaToken: await captcha(),
        })
        .expect(400);
      expect(thirdOnline.body.error.fields[0].field).toBe('filerRole');
    });

    // All five procedures are listed and filtered alike (the list
    // query's procedure filter once refused 003 and 004 with a 400).
    it('003 and 004 cases are in the case list, filtered by their procedure', async () => {
      const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
      const affiliateCase = (await startAffiliate(a).then((r) => r.body)) as { caseId: string };
      const e = await seedEmployer(h.db.dataSource, employerFixture());
      const employerCase = await startVirtual(e.id);
      expect(employerCase.status).toBe(201);
      const auditor = await staff(AUDITOR);
      for (const [procedure, caseId] of [
        ['AFFILIATE_PORTAL_PASSWORD', affiliateCase.caseId],
        ['EMPLOYER_PORTAL_PASSWORD', employerCase.body.caseId as string],
      ] as const) {
        const listed = await h.http().get('/cases').query({ procedure, pageSize: 100, sort: 'created', order: 'desc' }).set(auditor);
        expect({ procedure, status: listed.status }).toEqual({ procedure, status: 200 });
        const items = listed.body.items as Array<{ caseId: string; procedure: string }>;
        expect(items.map((i) => i.caseId)).toContain(caseId);
        expect(new Set(items.map((i) => i.procedure))).toEqual(new Set([procedure]));
      }
    });
  });
});
