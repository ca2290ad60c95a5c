import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { WebConfig } from '../config';
import { WEB_CONFIG } from '../shared/tokens';
import { isLocale } from './catalogue';
import { chooseLanguage, safeReturnPath } from './language';

/** The visible switch of the applicant's pages: `/idioma/en?volver=/turno/titular`. */
@Controller('idioma')
export class LanguageController {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  @Get(':lang')
  choose(@Param('lang') lang: string, @Query('volver') returnTo: unknown, @Res() res: Response): void {
    if (!isLocale(lang)) {
      res.status(404).type('text/plain').send('Idioma no disponible / Language not available: es, en');
      return;
    }
    chooseLanguage(res, lang, safeReturnPath(returnTo), this.config.secureCookies);
  }
}
