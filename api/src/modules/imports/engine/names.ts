/** The staging table of an import (schema import_staging, UNLOGGED; see the ImportStaging migration). */
export const stagingTable = (importId: string) => `import_staging."i_${importId.replace(/-/g, '').toLowerCase().replace(/[^0-9a-f]/g, '')}"`;
