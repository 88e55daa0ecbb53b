export type { DossierSubject } from './export-dossier.ts';
export { exportDossier, exportDossierAs } from './export-dossier.ts';
export type { DossierPins } from './verify-dossier.ts';
export { DOSSIER_LIMITS, verifyDossier } from './verify-dossier.ts';
