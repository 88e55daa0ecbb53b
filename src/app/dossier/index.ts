export type { DossierSubject } from './export-dossier.ts';
export { exportDossier, exportDossierAs } from './export-dossier.ts';
export { verifyDossier } from './verify-dossier.ts';
