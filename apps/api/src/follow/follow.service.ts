import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  caseReference,
  FOLLOW_CODE_ATTEMPTS,
  FOLLOW_CODE_MINUTES,
  FOLLOW_CODE_WINDOW_MINUTES,
  FOLLOW_CODES_PER_CASE,
  FOLLOW_ERRORS,
  followCodeWorkflowId,
  PROCEDURE_NAMES,
  type FollowCodeEmailInput,
  WORKFLOW_TYPES,
} from '@tramites/contracts';
import { FollowCodeRepository } from '@tramites/persistence';
import { TokenService } from '../auth/token.service';
import { ApiError } from '../errors/api-error';
import { ApiConfig } from '../config/api.config';
import { TemporalGateway } from '../temporal/temporal-gateway';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface FollowChallenge {
  /** Names this request of a code; send it back with the code. */
  challengeId: string;
  expiresInSeconds: number;
}

export interface FollowOpened {
  caseId: string;
  /** Reaches only this case (`caseId` claim), as the token of the start did. */
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * Follow my case (ADR 0017). A request with a reference and an identity number
 * always answers a challenge; only when they name a case of that applicant (and the case has
 * had fewer than FOLLOW_CODES_PER_CASE codes this hour) is a code emailed to the case's
 * address. Every request starts one email workflow before it answers (with no address when
 * nothing matched), so an accepted code survives a crash and the timing says nothing. The
 * right code hands out the case token.
 */
@Injectable()
export class FollowService {
  constructor(
    private readonly codes: FollowCodeRepository,
    private readonly temporal: TemporalGateway,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
  ) {}

  private hash(challengeId: string, code: string): string {
    return createHmac('sha256', `follow-code:${this.config.jwtSecret}`).update(`${challengeId}:${code}`).digest('hex');
  }

  async request(reference: string, identityNumber: string): Promise<FollowChallenge> {
    const challengeId = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const found = await this.codes.findCase(reference.slice(2), identityNumber.toUpperCase());
    const inPerson = found && Object.prototype.hasOwnProperty.call(PROCEDURE_NAMES, found.procedureType) ? found : undefined;
    // The same two queries whether or not the data matched (a case no one has is the nil id).
    const caseId = inPerson?.caseId ?? NIL_UUID;
    const to = await this.codes.verifiedAddress(caseId);
    const since = new Date(Date.now() - FOLLOW_CODE_WINDOW_MINUTES * 60_000);
    const underLimit = (await this.codes.emailedSince(caseId, since)) < FOLLOW_CODES_PER_CASE;
    // Only a challenge whose code is emailed can open its case.
    const emailed = Boolean(inPerson && to && underLimit);
    await this.codes.create({
      id: challengeId,
      caseId: emailed ? caseId : null,
      codeHash: this.hash(challengeId, code),
      attempts: FOLLOW_CODE_ATTEMPTS,
      expiresAt: new Date(Date.now() + FOLLOW_CODE_MINUTES * 60_000),
      emailed,
    });
    // Started before the answer, so an accepted request's email survives a crash of the API; started
    // for every request (with no address when nothing matched), so its time says nothing either.
    await this.email({
      challengeId,
      caseId,
      to: emailed && to ? to : null,
      reference: emailed ? caseReference(caseId) : '',
      code: emailed ? code : '',
      minutesValid: FOLLOW_CODE_MINUTES,
    });
    return { challengeId, expiresInSeconds: FOLLOW_CODE_MINUTES * 60 };
  }

  /** A failed start fails the request (503): the applicant asks again, never waits for a code that was not queued. */
  private async email(input: FollowCodeEmailInput): Promise<void> {
    await this.temporal.start(WORKFLOW_TYPES.followCodeEmail, followCodeWorkflowId(input.challengeId), [input]);
  }

  async verify(challengeId: string, code: string): Promise<FollowOpened> {
    const result = await this.codes.check(challengeId, this.hash(challengeId, code));
    if (result.outcome === 'spent') throw new ApiError(FOLLOW_ERRORS.expired);
    if (result.outcome === 'wrong') {
      throw new ApiError(FOLLOW_ERRORS.invalid, `El código no es correcto. Le quedan ${result.attemptsLeft} intento(s).`, {
        attemptsLeft: result.attemptsLeft,
        fields: [{ field: 'code', message: 'code no es el código enviado al correo' }],
      });
    }
    const ttl = this.config.values.CASE_TOKEN_MINUTES * 60;
    const accessToken = await this.tokens.sign({ sub: result.applicantId, role: 'applicant', caseId: result.caseId }, ttl);
    return { caseId: result.caseId, accessToken, expiresInSeconds: ttl };
  }
}
