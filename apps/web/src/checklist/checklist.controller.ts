import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { FILER_ROLE_LABELS, getProcedure, isProcedureType, type FilerRole } from '@tramites/domain';
import type { Response } from 'express';
import type { SessionRequest } from '../session/session';
import { CHECKLIST_PROCEDURES, checklistFor } from './checklist';
import { errorPage } from '../shared/page-error';
import { render } from '../shared/render';

/** Before the visit: the requirements of each sheet, per procedure and filer (libs/domain holds the sheets). */
@Controller('requisitos')
export class ChecklistController {
  @Get()
  index(@Req() req: SessionRequest, @Res() res: Response): void {
    const procedures = CHECKLIST_PROCEDURES.map((p) => {
      const def = getProcedure(p);
      return { href: `/requisitos/${p}`, name: def.name, sheet: def.sheet, description: def.description };
    });
    render(req, res, 'requisitos/index.njk', { title: 'Requisitos de los trámites', backLink: '/', procedures });
  }

  @Get(':procedure')
  procedure(@Req() req: SessionRequest, @Res() res: Response, @Param('procedure') procedure: string): void {
    if (!isProcedureType(procedure) || !CHECKLIST_PROCEDURES.includes(procedure)) this.notFound();
    const def = getProcedure(procedure);
    const filers = def.filers.map((f) => ({ href: `/requisitos/${procedure}/${f.role}`, label: FILER_ROLE_LABELS[f.role], description: f.description }));
    render(req, res, 'requisitos/tramite.njk', {
      title: def.name,
      backLink: '/requisitos',
      sheet: def.sheet,
      filers,
      forbidden: def.forbiddenFilers.map((f) => f.description),
    });
  }

  @Get(':procedure/:filer')
  checklist(@Req() req: SessionRequest, @Res() res: Response, @Param('procedure') procedure: string, @Param('filer') filer: string): void {
    if (!isProcedureType(procedure) || !CHECKLIST_PROCEDURES.includes(procedure)) this.notFound();
    const def = getProcedure(procedure);
    const option = def.filers.find((f) => f.role === filer);
    if (!option) this.notFound();
    const { sections, conditions } = checklistFor(procedure, option.role as FilerRole);
    render(req, res, 'requisitos/lista.njk', {
      title: `Requisitos: ${def.name}`,
      backLink: `/requisitos/${procedure}`,
      sheet: def.sheet,
      filer: FILER_ROLE_LABELS[option.role],
      filerDescription: option.description,
      sections,
      conditions,
      officeHours: def.officeHours.description,
      result: def.result.label,
    });
  }

  private notFound(): never {
    throw errorPage(404, {
      title: 'No encontramos ese trámite',
      message: 'Revise la dirección o elija el trámite en la lista de requisitos.',
      restart: '/requisitos',
    });
  }
}
