/**
 * Travel model (issue 17): the great-circle (haversine) distance between two points, times a
 * detour factor for roads, driven at an average urban speed. Stated, not measured: 1.3 × the
 * straight line at 30 km/h (Shanghai traffic) — about 2.6 minutes per straight-line kilometre.
 */
export const EARTH_RADIUS_KM = 6371;
export const DETOUR_FACTOR = 1.3;
export const AVERAGE_SPEED_KMH = 30;

export interface Point {
  latitude: number;
  longitude: number;
}

export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Road kilometres and travel seconds from a to b under the model above. */
export function travel(a: Point, b: Point): { km: number; seconds: number } {
  const km = haversineKm(a, b) * DETOUR_FACTOR;
  return { km, seconds: Math.round((km / AVERAGE_SPEED_KMH) * 3600) };
}
