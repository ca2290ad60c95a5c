import { Injectable, type PipeTransform } from '@nestjs/common';
import { PageError } from './page-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a case id (a UUID, any case). */
export const isCaseId = (value: string): boolean => UUID.test(value);

/**
 * A case id of the address (`@Param('caseId', CaseIdPipe)`), lower-cased; anything else is the
 * 404 page (`CaseIdPipe.pointingTo(...)`: with its own words and a way back).
 */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  protected message = 'La dirección no corresponde a un trámite.';
  protected restart: string | undefined;

  static pointingTo(restart: string, message: string): CaseIdPipe {
    const pipe = new CaseIdPipe();
    pipe.restart = restart;
    pipe.message = message;
    return pipe;
  }

  transform(value: string): string {
    if (!isCaseId(value)) throw new PageError(404, 'No existe ese trámite', this.message, this.restart);
    return value.toLowerCase();
  }
}
