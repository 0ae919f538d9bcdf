// Public API of @mambabench/durable: crash-safe writes of files and directories, and run locks (node builtins only).
export { writeFileAtomic, writeFileAtomicSync } from './write-file.ts';
export { replaceDirAtomic, recoverDir, backupPathFor, BACKUP_SUFFIX, type DirWriter } from './replace-dir.ts';
export { TEMP_SUFFIX } from './temp-name.ts';
export type { FileData } from './write-fsynced.ts';
export { acquireRunLock, withRunLock, describeHolder, isStale, readHolder, runLockPath, DEFAULT_STALE_MS, RunLock, type LockHolder, type RunLockOptions, type AcquireResult } from './run-lock.ts';
