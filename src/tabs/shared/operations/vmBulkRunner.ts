/** Moved to src/operations/vmBulkRunner.ts; kept until test/reliability imports the new path. */
export * from '../../../operations/vmBulkRunner';
