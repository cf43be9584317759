import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectScanType } from '../../domain/scan-file.ts';

describe('detectScanType', () => {
  const cases: Array<[what: string, bytes: number[], type: string | null]> = [
    ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37], 'application/pdf'],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00], 'image/png'],
    ['"%PDF" without the dash', [0x25, 0x50, 0x44, 0x46, 0x20], null],
    ['a truncated PNG signature', [0x89, 0x50, 0x4e, 0x47], null],
    ['GIF', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], null],
    ['text', [...Buffer.from('hello')], null],
    ['nothing', [], null],
  ];
  for (const [what, bytes, type] of cases) {
    it(`${what} → ${type}`, () => assert.equal(detectScanType(new Uint8Array(bytes)), type));
  }
});
