import { describe, expect, it } from 'vitest';
import { parseMemoryLimit } from './memory-limit.ts';

describe('parseMemoryLimit (memory= in the URL fragment)', () => {
  it('takes a number and a unit DuckDB knows, from 16 MB', () => {
    expect(parseMemoryLimit('128MB')).toBe('128MB');
    expect(parseMemoryLimit(' 2GB ')).toBe('2GB');
    expect(parseMemoryLimit('1.5GiB')).toBe('1.5GiB');
    expect(parseMemoryLimit('16MiB')).toBe('16MiB');
    expect(parseMemoryLimit('16384KiB')).toBe('16384KiB');
  });
  it('refuses anything else, or less than 16 MB', () => {
    for (const bad of [
      null,
      '',
      '128',
      'MB',
      '-1GB',
      '1 TB',
      '15MB',
      '8000KB',
      "1GB'; drop table x; --",
      '1e3MB',
    ])
      expect(parseMemoryLimit(bad), String(bad)).toBeNull();
  });
});
