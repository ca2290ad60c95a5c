import type { AgencyRow } from './agenda.repository';

/**
 * Agencies of a fresh development database (`npm start` seeds them when there are none).
 * Office hours: Monday to Friday 08:00-17:00 (DOMAIN.md, "Common to all").
 */
export const DEFAULT_AGENCIES: AgencyRow[] = [
  {
    id: 'UIO-NORTE',
    province: 'PICHINCHA',
    name: 'Centro de Atención Universal Quito Norte',
    address: 'Av. 10 de Agosto y Bogotá, Quito',
    opensAt: '08:00',
    closesAt: '17:00',
    slotMinutes: 30,
    seatsPerSlot: 3,
  },
  {
    id: 'UIO-SUR',
    province: 'PICHINCHA',
    name: 'Centro de Atención Universal Quito Sur',
    address: 'Av. Maldonado y Michelena, Quito',
    opensAt: '08:00',
    closesAt: '17:00',
    slotMinutes: 30,
    seatsPerSlot: 2,
  },
  {
    id: 'GYE-CENTRO',
    province: 'GUAYAS',
    name: 'Centro de Atención Universal Guayaquil',
    address: 'Av. Olmedo y Boyacá, Guayaquil',
    opensAt: '08:00',
    closesAt: '17:00',
    slotMinutes: 30,
    seatsPerSlot: 3,
  },
  {
    id: 'CUE-CENTRO',
    province: 'AZUAY',
    name: 'Centro de Atención Universal Cuenca',
    address: 'Av. Huayna Cápac y Pío Bravo, Cuenca',
    opensAt: '08:00',
    closesAt: '17:00',
    slotMinutes: 30,
    seatsPerSlot: 2,
  },
];
