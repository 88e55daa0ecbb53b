import type { Selectable } from 'kysely';
import type { TechnicianTable } from '../../store/schema.ts';

export interface TechnicianView {
  id: string;
  party: { key: string; name: string };
  userId: string | null;
  name: string;
  phone: string;
  home: { latitude: number; longitude: number };
  territories: string[];
  calendar: string;
  skills: { product: string; part: string | null; expiresOn: string }[];
  absences: { from: string; to: string }[];
  /** When it was retired; a retired technician is offered for nothing. */
  retiredAt: string | null;
}

export function toTechnicianView(
  r: Selectable<TechnicianTable> & { party_key: string; party_name: string },
): TechnicianView {
  return {
    id: r.technician_id,
    party: { key: r.party_key, name: r.party_name },
    userId: r.user_id,
    name: r.name,
    phone: r.phone,
    home: { latitude: r.home_latitude, longitude: r.home_longitude },
    territories: r.territories,
    calendar: r.calendar_key,
    skills: r.skills,
    absences: r.absences,
    retiredAt: r.retired_at ? r.retired_at.toISOString() : null,
  };
}
