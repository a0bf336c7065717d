/** Moved to src/operations/lease.ts; kept until test/reliability imports the new path. */
export * from '../../../operations/lease';
