import type * as pkijs from 'pkijs';

/** Short names for the distinguished-name attributes found in practice (RFC 4514 and common extras). */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};

export const OID_COMMON_NAME = '2.5.4.3';
export const OID_SERIAL_NUMBER = '2.5.4.5';

function valueText(value: pkijs.AttributeTypeAndValue['value']): string {
  const inner: unknown = (value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (typeof inner === 'string') return inner;
  return `#${Buffer.from(value.toBER()).toString('hex')}`;
}

/** The first value of an attribute (e.g. CN) in a name, or undefined. */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  const found = name.typesAndValues.find((typeAndValue) => typeAndValue.type === oid);
  return found === undefined ? undefined : valueText(found.value);
}

/** A display form of a name, most specific attribute first ("CN=…, O=…, C=EC"). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((typeAndValue) => `${ATTRIBUTE_NAMES[typeAndValue.type] ?? typeAndValue.type}=${valueText(typeAndValue.value)}`)
    .reverse()
    .join(', ');
}
