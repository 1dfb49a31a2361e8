/** What an errno means, in words (the engine and Node only give codes such as EACCES). */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file of that name is in the way',
    ENOENT: 'a part of the path does not exist and cannot be created there',
    ENOSPC: 'no space left on the device',
  };
  return (e.code && reasons[e.code]) ?? e.message;
}
