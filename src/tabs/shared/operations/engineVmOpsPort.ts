/** Moved to src/operations/engineVmOpsPort.ts; kept until test/reliability imports the new path. */
export * from '../../../operations/engineVmOpsPort';
