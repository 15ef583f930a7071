import { ADMIN_ONLY, type MatrixRow } from '../testing/access-matrix.js';

/** A dry run of one territory: checked in full, nothing written, so the matrix's organisation stays as built. */
const DRY_RUN = {
  source: 'matrix',
  dryRun: true,
  files: [
    { kind: 'TERRITORIES', format: 'CSV', name: 'territories.csv', content: 'name,kind,potential,marketSize\nMatrix,REGION,1.00,2.00\n' },
  ],
};

/** Authorization matrix rows of import and export. */
export const rows: MatrixRow[] = [
  {
    operation: 'startImport',
    target: 'none',
    document: `mutation($i: StartImportInput!) { startImport(input: $i) { id status } }`,
    variables: () => ({ i: DRY_RUN }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'importJob',
    target: 'none',
    document: `query($id: ID!) { importJob(id: $id) { id status } }`,
    variables: async (_t, h) => {
      const started = await h.admin<{ startImport: { id: string } }>(`mutation($i: StartImportInput!) { startImport(input: $i) { id } }`, {
        i: DRY_RUN,
      });
      return { id: started.startImport.id };
    },
    allowed: ADMIN_ONLY,
  },
  { operation: 'importJobs', target: 'none', document: `{ importJobs(first: 5) { nodes { id status } } }`, allowed: ADMIN_ONLY },
];
