import { describe, expect, it } from 'vitest';
import { editSelection, selectRange } from '../../../shell/editor/selection.js';

const line = 'GET /shipments/{shipmentId}/packages/{packageId}';
const first = { start: 15, end: 27 };

describe('a selected placeholder', () => {
  it('selectRange puts the cursor on the range start and clamps it to the text', () => {
    expect(selectRange(line, first)).toEqual({ state: { text: line, cursor: 15 }, selection: first });
    expect(selectRange('GET /x', { start: 4, end: 99 })).toEqual({ state: { text: 'GET /x', cursor: 4 }, selection: { start: 4, end: 6 } });
    expect(selectRange('GET /x', { start: 9, end: 9 }).selection).toBeNull();
  });

  it('is replaced by typing and by a paste', () => {
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'insert', text: 'shp_1' })).toEqual({
      text: 'GET /shipments/shp_1/packages/{packageId}',
      cursor: 20,
    });
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'insert', text: 'a\nb' }).text).toBe('GET /shipments/a b/packages/{packageId}');
  });

  it('is removed by Backspace and Delete', () => {
    for (const type of ['backspace', 'delete'] as const) {
      expect(editSelection({ text: line, cursor: 15 }, first, { type })).toEqual({ text: 'GET /shipments//packages/{packageId}', cursor: 15 });
    }
  });

  it('← and → leave it at its start and end; other edits apply from the cursor', () => {
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'left' })).toEqual({ text: line, cursor: 15 });
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'right' })).toEqual({ text: line, cursor: 27 });
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'killToEnd' })).toEqual({ text: 'GET /shipments/', cursor: 15 });
    expect(editSelection({ text: line, cursor: 15 }, first, { type: 'end' })).toEqual({ text: line, cursor: line.length });
  });
});
