import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionRequest } from '../session/session';
import { render } from '../shared/render';

@Controller()
export class HomeController {
  @Get()
  home(@Req() req: SessionRequest, @Res() res: Response): void {
    const s = req.session;
    render(req, res, 'index.njk', { hasCase: Boolean(s?.caseId && (s.caseTokenExpiresAt ?? 0) > Date.now()) });
  }

  @Get('salud')
  health(@Res() res: Response): void {
    res.json({ status: 'ok' });
  }
}
