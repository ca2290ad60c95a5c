import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_ACTIONS, CASE_STATUSES, CREDENTIAL_STATUSES, type CaseAction } from '@tramites/contracts';
import { ALL_PROCEDURES } from './case-list.dto';

const ALL_STATUSES = [...new Set<string>([...CASE_STATUSES, ...CREDENTIAL_STATUSES])];

/**
 * A case's live view (CaseView or CredentialCaseView in libs/contracts, by its procedure) with the
 * actions its caller may take now. Only the fields every case has are described here.
 */
export class CaseViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ALL_PROCEDURES }) procedure!: string;
  @ApiProperty({ enum: ALL_STATUSES }) status!: string;
  @ApiProperty({ description: 'Quien presenta: cédula, pasaporte o código de quien inició el trámite' }) applicantId!: string;
  @ApiProperty({ enum: ['applicant', 'institution', 'nobody'] }) waitingOn!: string;
  @ApiPropertyOptional({ description: 'Plazo de quien debe actuar (ISO 8601)' }) deadlineAt?: string;
  @ApiProperty({ description: 'Eventos registrados del trámite' }) eventCount!: number;

  @ApiProperty({
    enum: CASE_ACTIONS,
    isArray: true,
    example: ['reschedule', 'cancel', 'check_in'],
    description:
      'Las acciones que quien consulta (según su rol y su ámbito) puede tomar ahora en el trámite: las mismas que el trámite acepta al recibirlas. Una acción que no está en la lista se rechaza.',
  })
  availableActions!: CaseAction[];
}
