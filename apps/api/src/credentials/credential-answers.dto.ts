import { ApiProperty } from '@nestjs/swagger';

/** 003: a portal password unlocked at the agency, and the cases it let continue. */
export class CredentialUnlockedDto {
  @ApiProperty({ example: '1712345675' }) identityNumber!: string;
  @ApiProperty() unlockedAt!: string;
  @ApiProperty({ type: [String], description: 'Los trámites bloqueados que continúan' }) resumedCases!: string[];
}

/** 003: the state of an affiliate's portal password (never the password nor the answers). */
export class CredentialStatusDto {
  @ApiProperty({ example: '1712345675' }) identityNumber!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Nombres del afiliado según el registro, para verificar a la persona en la agencia' })
  fullName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1988-04-17', description: 'Fecha de nacimiento según el registro (AAAA-MM-DD)' })
  birthDate!: string | null;
  @ApiProperty({ type: [String], description: 'Los trámites 003 que esperan el desbloqueo' }) lockedCases!: string[];
  @ApiProperty() locked!: boolean;
  @ApiProperty() failedAttempts!: number;
  @ApiProperty({ nullable: true, type: String }) lockedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) passwordSetAt!: string | null;
  @ApiProperty({ description: 'Tiene preguntas personales registradas' }) hasPersonalQuestions!: boolean;
}

export class PersonalQuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
}

/** What a valid password link allows (the page asks for what it requires). */
export class LinkInspectionDto {
  @ApiProperty({ enum: ['valid'] }) status!: 'valid';
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ enum: ['affiliate', 'employer'] }) holderKind!: 'affiliate' | 'employer';
  @ApiProperty() requiresDeclaration!: boolean;
  @ApiProperty() requiresPersonalAnswers!: boolean;
  @ApiProperty({ type: [PersonalQuestionDto] }) personalQuestions!: PersonalQuestionDto[];
}

export class PasswordSetDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ['password_set'] }) status!: 'password_set';
  @ApiProperty() setAt!: string;
}
