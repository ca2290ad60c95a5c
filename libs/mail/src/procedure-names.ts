import { PROCEDURE_NAMES } from '@tramites/contracts';

/**
 * The procedures' names in English, by the Spanish name a case's params carry (the sheets' names,
 * and the names the appointments' service and the older cases used). A name not listed stays in Spanish.
 */
const ENGLISH: Readonly<Record<string, string>> = {
  [PROCEDURE_NAMES.FOREIGNER_CODE]: 'Foreigner identification code',
  'Generación de Código para Extranjero': 'Foreigner identification code',
  'Código de identificación para extranjeros': 'Foreigner identification code',
  [PROCEDURE_NAMES.FOREIGNER_CODE_EMPLOYMENT]: 'Foreigner identification code for employees',
  'Asignación de código de identificación para extranjeros bajo relación de dependencia': 'Foreigner identification code for employees',
  [PROCEDURE_NAMES.NON_AFFILIATION_CERTIFICATE]: 'Certificate of non-affiliation to the IESS',
  'Certificado de no afiliación al IESS para extranjeros': 'Certificate of non-affiliation to the IESS',
  'Clave de afiliado para acceso al portal IESS': 'Affiliate password for the IESS portal',
  'Generación de clave patronal de acceso al portal IESS': 'Employer password for the IESS portal',
  'Turno en línea': 'Online appointment',
};

const normal = (s: string): string => s.trim().toLocaleLowerCase('es');
const BY_NORMAL = new Map(Object.entries(ENGLISH).map(([es, en]) => [normal(es), en]));

/** «Certificado de no afiliación» → «Certificate of non-affiliation to the IESS»; an unknown name as it came. */
export const englishProcedureName = (spanish: string): string => BY_NORMAL.get(normal(spanish)) ?? spanish;
