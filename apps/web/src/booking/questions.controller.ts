import { Body, Controller, Get, Inject, Next, Param, Post, Req, Res } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { FormErrors, type FieldError } from '../shared/forms';
import { render, sessionOf } from '../shared/render';
import { procedureName } from './booking-text';
import { IN_PERSON, QUESTION_PAGES, type Asking, type QuestionPage } from './question-pages';

const BY_SLUG = new Map(QUESTION_PAGES.map((p) => [p.slug, p]));

/**
 * The booking's question pages (question-pages.ts describes each): one engine asks, checks,
 * keeps the answer in the session's draft and goes on to the next page. Every rule of the case
 * is the API's; these pages ask and show.
 */
@Controller('turno')
export class BookingQuestionsController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  start(@Req() req: SessionRequest, @Res() res: Response): void {
    const t = tr(req);
    render(req, res, 'turno/inicio.njk', {
      title: t('booking:start.title'),
      backLink: '/',
      procedures: IN_PERSON.map((p) => procedureName(t, p)),
    });
  }

  private asking(req: SessionRequest): Asking {
    const session = sessionOf(req);
    return { session, booking: session.booking, api: this.api, t: tr(req), locale: localeOf(req) };
  }

  private async show(req: SessionRequest, res: Response, page: QuestionPage, a: Asking, values: Record<string, string>, errors: FieldError[]): Promise<void> {
    render(
      req,
      res,
      page.view,
      {
        title: page.title(a),
        ...(page.backLink ? { backLink: page.backLink } : {}),
        values,
        errors,
        ...(await page.context?.(a, values)),
      },
      errors.length ? 400 : 200,
    );
  }

  @Get(':page')
  async ask(@Req() req: SessionRequest, @Res() res: Response, @Next() next: NextFunction, @Param('page') slug: string): Promise<void> {
    const page = BY_SLUG.get(slug);
    if (!page) return next();
    const a = this.asking(req);
    page.guard?.(a);
    const first = page.needs?.(a.booking);
    if (first) return res.redirect(303, first);
    await this.show(req, res, page, a, page.values(a.booking), []);
  }

  @Post(':page')
  async answer(
    @Req() req: SessionRequest,
    @Res() res: Response,
    @Next() next: NextFunction,
    @Param('page') slug: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const page = BY_SLUG.get(slug);
    if (!page) return next();
    const a = this.asking(req);
    page.guard?.(a);
    const values = page.read(body);
    const errors = new FormErrors();
    await page.check(values, errors, a);
    if (!errors.empty) return this.show(req, res, page, a, values, errors.list);
    page.save(a.booking, values);
    res.redirect(303, page.next(a.booking));
  }
}
