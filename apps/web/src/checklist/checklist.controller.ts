import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { isProcedureType, type FilerRole } from '@tramites/domain';
import type { Response } from 'express';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { CHECKLIST_PROCEDURES } from './checklist';
import { procedureWords, requirementLines } from './requirements-page';
import { errorPage } from '../shared/page-error';
import { render } from '../shared/render';

/**
 * Before the visit: the requirements of each sheet, per procedure and filer (libs/domain holds the
 * sheets), in Spanish, or in English with the sheets' Spanish wording beside (requirements-page.ts).
 */
@Controller('requisitos')
export class ChecklistController {
  @Get()
  index(@Req() req: SessionRequest, @Res() res: Response): void {
    const t = tr(req);
    const procedures = CHECKLIST_PROCEDURES.map((p) => {
      const w = procedureWords(t, localeOf(req), p);
      return { href: `/requisitos/${p}`, name: w.name, sheet: w.def.sheet, description: w.description };
    });
    render(req, res, 'requisitos/index.njk', { title: t('requirements:index.title'), backLink: '/', procedures });
  }

  @Get(':procedure')
  procedure(@Req() req: SessionRequest, @Res() res: Response, @Param('procedure') procedure: string): void {
    if (!isProcedureType(procedure) || !CHECKLIST_PROCEDURES.includes(procedure)) this.notFound(req);
    const w = procedureWords(tr(req), localeOf(req), procedure);
    render(req, res, 'requisitos/tramite.njk', {
      title: w.name.text,
      name: w.name,
      backLink: '/requisitos',
      sheet: w.def.sheet,
      filers: w.filers.map((f) => ({ ...f, href: `/requisitos/${procedure}/${f.role}` })),
      forbidden: w.forbidden,
    });
  }

  @Get(':procedure/:filer')
  checklist(@Req() req: SessionRequest, @Res() res: Response, @Param('procedure') procedure: string, @Param('filer') filer: string): void {
    if (!isProcedureType(procedure) || !CHECKLIST_PROCEDURES.includes(procedure)) this.notFound(req);
    const t = tr(req);
    const locale = localeOf(req);
    const w = procedureWords(t, locale, procedure);
    const option = w.filers.find((f) => f.role === filer);
    if (!option) this.notFound(req);
    const { sections, conditions } = requirementLines(t, locale, procedure, option.role as FilerRole);
    render(req, res, 'requisitos/lista.njk', {
      title: t('requirements:list.title', { name: w.name.text }),
      name: w.name,
      backLink: `/requisitos/${procedure}`,
      sheet: w.def.sheet,
      filer: option.label,
      filerDescription: option.description,
      sections,
      conditions,
      officeHours: w.officeHours,
      result: w.result,
    });
  }

  private notFound(req: SessionRequest): never {
    const t = tr(req);
    throw errorPage(404, { title: t('requirements:notFound.title'), message: t('requirements:notFound.message'), restart: '/requisitos' });
  }
}
