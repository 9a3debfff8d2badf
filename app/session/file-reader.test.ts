import { describe, expect, it } from 'vitest';
import { FileOpenError, MAX_OPEN_BYTES, refuseOversize } from './file-reader.ts';

describe('the open size limit', () => {
  it('refuses a file over 4 GiB by name and size, before reading it, and takes one at the limit', () => {
    expect(() => refuseOversize('big.arrows', 5.2 * 1024 ** 3)).toThrow(
      new FileOpenError('big.arrows: 5.2 GiB is over the 4 GiB limit'),
    );
    expect(() => refuseOversize('day.arrows', MAX_OPEN_BYTES)).not.toThrow();
  });
});
