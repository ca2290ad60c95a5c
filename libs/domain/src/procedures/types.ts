import type { SheetId, SheetRef } from '../shared/sheet-ref';

export type ProcedureType =
  'FOREIGNER_CODE' | 'FOREIGNER_CODE_EMPLOYMENT' | 'NON_AFFILIATION_CERTIFICATE' | 'AFFILIATE_PORTAL_PASSWORD' | 'EMPLOYER_PORTAL_PASSWORD';

export const PROCEDURE_TYPES: readonly ProcedureType[] = [
  'FOREIGNER_CODE',
  'FOREIGNER_CODE_EMPLOYMENT',
  'NON_AFFILIATION_CERTIFICATE',
  'AFFILIATE_PORTAL_PASSWORD',
  'EMPLOYER_PORTAL_PASSWORD',
];

/**
 * Who files. `holder` is the person the procedure is for (titular); in 004
 * the employer itself acting through its legal representative is
 * `legal_representative`, a natural-person employer filing for himself may
 * use `employer`.
 */
export type FilerRole = 'holder' | 'employer' | 'attorney' | 'authorised_third_party' | 'legal_representative';

export const FILER_ROLES: readonly FilerRole[] = ['holder', 'employer', 'attorney', 'authorised_third_party', 'legal_representative'];

export const FILER_ROLE_LABELS: Readonly<Record<FilerRole, string>> = {
  holder: 'El titular',
  employer: 'El solicitante empleador',
  attorney: 'El apoderado',
  authorised_third_party: 'El tercero autorizado',
  legal_representative: 'El representante legal',
};

/** in_person: ventanilla of a service centre; virtual: online (portal or Ventanilla Virtual). */
export type Channel = 'in_person' | 'virtual';

export const CHANNELS: readonly Channel[] = ['in_person', 'virtual'];

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  in_person: 'Presencial',
  virtual: 'En línea',
};

export type SignatureKind = 'handwritten' | 'electronic' | 'none';

export type DocumentKind =
  | 'request_letter'
  | 'passport'
  | 'visa'
  | 'home_country_id'
  | 'sut_contract'
  | 'work_contract'
  | 'third_party_authorisation'
  | 'poder'
  | 'cedula'
  | 'foreigner_code_certificate'
  | 'responsibility_agreement'
  | 'ruc'
  | 'artisan_qualification'
  | 'key_delivery_request';

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  request_letter: 'Solicitud',
  passport: 'Pasaporte',
  visa: 'Visa',
  home_country_id: 'Documento de identificación del país de origen',
  sut_contract: 'Registro del contrato en el SUT',
  work_contract: 'Contrato de trabajo',
  third_party_authorisation: 'Autorización a terceros',
  poder: 'Poder notarial',
  cedula: 'Cédula de identidad',
  foreigner_code_certificate: 'Código de identificación para extranjero',
  responsibility_agreement: 'Acuerdo de Responsabilidad y Uso de la información',
  ruc: 'Registro Único de Contribuyentes (RUC)',
  artisan_qualification: 'Calificación artesanal',
  key_delivery_request: 'Solicitud de entrega de clave',
};

/** Whose document it is (a cédula may be the employer's or the third party's). */
export type DocumentOwner = 'holder' | 'employer' | 'attorney' | 'third_party' | 'legal_representative';

/** How a document must be delivered. `upload`: scanned into the Ventanilla Virtual. */
export type Presentation = 'original' | 'copy' | 'original_and_copy' | 'original_or_copy' | 'upload';

/** Facts about the filer and the holder that make requirements apply (see FilerProfile). */
export type FilerFlag = 'isVulnerable' | 'isForeignWorkerHimself' | 'hasCedula' | 'hasForeignerCode' | 'isForeignEmployer' | 'isArtisan' | 'employerRegistered';

/** Declarative applicability, readable by UIs and auditors. */
export type Condition =
  | { readonly channel: Channel }
  | { readonly roles: readonly FilerRole[] }
  | { readonly flag: FilerFlag }
  | { readonly not: Condition }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] };

export type FieldValidatorId =
  'text' | 'cedula' | 'ruc' | 'passport' | 'document_number' | 'email' | 'mobile' | 'landline' | 'phone' | 'foreigner_code' | 'identity_number' | 'province';

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly validator?: FieldValidatorId;
  /** Validated when present, not required. */
  readonly optional?: boolean;
}

/** Satisfied when every field of at least one option is present and valid. */
export interface FieldChoice {
  readonly label: string;
  readonly oneOf: readonly (readonly FieldSpec[])[];
}

export type FieldRequirement = FieldSpec | FieldChoice;

export interface SignatureRule {
  readonly required: 'handwritten' | 'electronic';
  /** The sheet explicitly refuses electronic signatures (001): DOC.SIGNATURE_ELECTRONIC_NOT_ACCEPTED. */
  readonly electronicRefused?: boolean;
  /** Who may sign (checked when the officer records `signedBy`). */
  readonly allowedSigners?: readonly DocumentOwner[];
  readonly signerLabel?: string;
  /** Signers that make the case inadmissible (001: the foreign worker himself). */
  readonly forbiddenSigners?: readonly DocumentOwner[];
}

export interface DocumentSpec {
  readonly kinds: readonly DocumentKind[];
  /** Accepted owners; a document without `belongsTo` counts as the holder's. Omitted: any owner. */
  readonly owners?: readonly DocumentOwner[];
  /** Spanish name used in labels and messages. */
  readonly name: string;
  readonly presentation: Presentation;
  readonly presentationOverrides?: readonly { readonly when: Condition; readonly presentation: Presentation }[];
  readonly signature?: SignatureRule;
  readonly fields?: readonly FieldRequirement[];
  /** Registered in the Ministry of Labour's SUT (000, 4). */
  readonly mustBeRegisteredInSut?: boolean;
  /** Still in force on `asOf` (000, 4: "contrato de trabajo vigente"). */
  readonly mustBeCurrent?: boolean;
  /** Endorsed beforehand by the provincial legal unit (001, 6). */
  readonly requiresEndorsedPoder?: boolean;
}

export interface AlternativeGroup {
  readonly id: string;
  /** Spanish name of what the group provides, e.g. "el documento de identidad del extranjero". */
  readonly label: string;
  /** Spanish wording of the choice, used when none is presented. */
  readonly alternativesText: string;
}

export interface AlternativeMembership {
  readonly group: string;
  /** Lower rank wins when several are presented ("visa, en caso de no tener pasaporte"). */
  readonly rank: number;
}

export type PortalStep =
  | 'captcha'
  | 'birth_day_month'
  | 'work_history_questions'
  | 'personal_questions'
  | 'attempts'
  | 'email_confirmed'
  | 'password_link'
  | 'truthful_declaration'
  | 'new_password';

interface RequirementBase {
  /** Stable id: "<sheet>.<name>", stored in case histories. */
  readonly id: string;
  /** Spanish label shown to officers and applicants. */
  readonly label: string;
  readonly source: SheetRef;
  readonly appliesWhen?: Condition;
  /** Spanish explanation when the requirement does not apply. */
  readonly notApplicableNote?: string;
}

export type Requirement =
  | (RequirementBase & { readonly check: 'filer' })
  | (RequirementBase & { readonly check: 'channel' })
  | (RequirementBase & { readonly check: 'holder_without_cedula' })
  | (RequirementBase & { readonly check: 'holder_without_foreigner_code' })
  | (RequirementBase & { readonly check: 'employer_registered' })
  | (RequirementBase & {
      readonly check: 'appointment';
      readonly inNameOfAttendee: boolean;
      readonly walkInForVulnerableGroups: boolean;
    })
  | (RequirementBase & {
      readonly check: 'document';
      readonly document: DocumentSpec;
      readonly alternative?: AlternativeMembership;
    })
  | (RequirementBase & { readonly check: 'identity_match'; readonly alternativeGroup: string })
  | (RequirementBase & {
      readonly check: 'request_fields';
      readonly fields: readonly FieldRequirement[];
      readonly alternative?: AlternativeMembership;
    })
  | (RequirementBase & {
      readonly check: 'embedded_fields';
      readonly documentKind: DocumentKind;
      readonly documentName: string;
      readonly fields: readonly FieldRequirement[];
    })
  | (RequirementBase & { readonly check: 'portal_step'; readonly step: PortalStep });

export type RequirementCheck = Requirement['check'];

export interface FilerOption {
  readonly role: FilerRole;
  readonly channels: readonly Channel[];
  readonly description: string;
  readonly source: SheetRef;
}

/** Someone who may never file, whatever role is claimed. */
export interface ForbiddenFiler {
  /** Forbidden when this fact is true... */
  readonly flag: FilerFlag;
  /** ...or when filing with one of these roles (001: the holder is the foreign worker). */
  readonly roles?: readonly FilerRole[];
  readonly label: string;
  readonly description: string;
  readonly source: SheetRef;
}

export interface ChannelOption {
  readonly channel: Channel;
  readonly appointment: 'required' | 'not_needed';
  /** 001: "el turno debe generarse obligatoriamente a nombre de la persona a ser atendida". */
  readonly appointmentInNameOfAttendee: boolean;
  /** 001, NOTA: vulnerable groups may ask for the turn at the centre. */
  readonly walkInForVulnerableGroups: boolean;
  /** Name of the procedure in the online booking system ("tipo de trámite"). */
  readonly appointmentServiceName?: string;
  readonly description: string;
  readonly source: SheetRef;
}

export interface ProcedureDefinition {
  readonly type: ProcedureType;
  readonly sheet: SheetId;
  /** Display name (es-EC). */
  readonly name: string;
  readonly description: string;
  readonly addressedTo: readonly string[];
  readonly result: { readonly label: string; readonly resultType: string };
  readonly cost: 'free';
  readonly officeHours: { readonly description: string; readonly source: SheetRef };
  readonly filers: readonly FilerOption[];
  readonly forbiddenFilers: readonly ForbiddenFiler[];
  readonly channels: readonly ChannelOption[];
  readonly alternativeGroups: readonly AlternativeGroup[];
  /** Every requirement of the sheet, in the order the checklist shows them. */
  readonly requirements: readonly Requirement[];
}
