/** Moved to src/operations/operationsStore.ts; kept until test/reliability imports the new path. */
export * from '../../../operations/operationsStore';
