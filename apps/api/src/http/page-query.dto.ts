import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { Optional } from './dto-rules';

/** The last page any list serves: beyond it, OFFSET would leave the integer range of the database. */
export const MAX_PAGE = 10_000;

/** Pagination of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'page debe ser un número entero' })
  @Min(1, { message: 'page debe ser 1 o más' })
  @Max(MAX_PAGE, { message: `page puede ser como máximo ${MAX_PAGE}` })
  page?: number;

  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize debe ser un número entero' })
  @Min(1, { message: 'pageSize debe ser 1 o más' })
  @Max(100, { message: 'pageSize puede ser como máximo 100' })
  pageSize?: number;
}

/** A list that also pages by keyset: `after` is the `next` of the previous page (the fast path; `page` is then ignored). */
export class KeysetPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'El valor next de la página anterior (más rápido que page; con after, page no se usa)' })
  @Optional()
  @Matches(/^[A-Za-z0-9_-]{10,400}$/, { message: 'after debe ser el valor next de la página anterior' })
  after?: string;
}
