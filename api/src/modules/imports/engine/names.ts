const hex = (importId: string) => importId.replace(/-/g, '').toLowerCase().replace(/[^0-9a-f]/g, '');

/** The staging table of an import (schema import_staging, UNLOGGED; see the ImportStaging migration). */
export const stagingTable = (importId: string) => `import_staging."i_${hex(importId)}"`;

/**
 * The validated plan of an import (UNLOGGED, beside its staging table): the rows that pass every
 * rule with the stored value each replaces and the action committing takes. The preview leaves it
 * for the commit, which writes it as it stands when nothing it depends on has changed since (see
 * the ImportPlan migration and import-engine.ts `planStillHolds`).
 */
export const planTable = (importId: string) => `import_staging."p_${hex(importId)}"`;

/**
 * Every error of an import whose preview lists only the first IMPORT_ERROR_LIST_CAP (UNLOGGED):
 * row, column and message, for the full list's download. Kept with the import until the day's sweep.
 */
export const errorsTable = (importId: string) => `import_staging."e_${hex(importId)}"`;
