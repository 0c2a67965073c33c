import { describe, expect, it } from 'vitest';
import {
  acceptSearch,
  backspace,
  cancelSearch,
  reverseSearch,
  searchAgain,
  searchView,
  startSearch,
  typeText,
  type SearchState,
} from '../../../../shell/power/reverse-search.js';

const history = [
  'GET /contacts',
  'GET /invoices?status=paid',
  'POST /invoices {"contactId":"cont_1"}',
  'GET /invoices',
  'routes inv',
  'GET /invoices',
  'history',
];
const draft = { text: 'GET /acc', cursor: 8 };
const line = (state: SearchState) => searchView(state).line;

describe('reverse incremental search', () => {
  it('starts on the line being typed with an empty query', () => {
    const state = startSearch(history, draft);
    expect(searchView(state)).toEqual({ prompt: "(reverse-i-search)'': ", text: 'GET /acc', cursor: 8, failed: false, highlight: null, line: "(reverse-i-search)'': GET /acc" });
  });

  it('finds the newest entry containing the query as it is typed', () => {
    let state = startSearch(history, draft);
    state = typeText(state, 'i');
    expect(line(state)).toBe("(reverse-i-search)'i': history");
    state = typeText(state, 'nv');
    expect(line(state)).toBe("(reverse-i-search)'inv': GET /invoices");
    expect(state.match).toEqual({ index: 5, position: 5, length: 3 });
    expect(searchView(state).highlight).toEqual({ start: 5, end: 8 });
    expect(searchView(state).cursor).toBe(5);
  });

  it('keeps the current entry while it still matches a longer query', () => {
    let state = typeText(startSearch(history, draft), 'routes');
    expect(state.match?.index).toBe(4);
    state = typeText(state, ' i');
    expect(state.match?.index).toBe(4);
  });

  it('steps to older matches with Ctrl+R again, skipping identical entries', () => {
    let state = typeText(startSearch(history, draft), 'inv');
    state = searchAgain(state);
    expect(line(state)).toBe("(reverse-i-search)'inv': routes inv");
    state = searchAgain(state);
    expect(line(state)).toBe("(reverse-i-search)'inv': POST /invoices {\"contactId\":\"cont_1\"}");
    state = searchAgain(state);
    expect(line(state)).toBe("(reverse-i-search)'inv': GET /invoices?status=paid");
    state = searchAgain(state);
    expect(line(state)).toBe("(failed reverse-i-search)'inv': GET /invoices?status=paid");
    expect(searchView(state).failed).toBe(true);
  });

  it('finds an earlier occurrence in the same entry before older entries', () => {
    let state = typeText(startSearch(['a b a b'], { text: '', cursor: 0 }), 'b');
    expect(state.match?.position).toBe(6);
    state = searchAgain(state);
    expect(state.match).toEqual({ index: 0, position: 2, length: 1 });
    state = searchAgain(state);
    expect(state.failed).toBe(true);
  });

  it('shows a failing query with the last match, and stays failed while typing', () => {
    let state = typeText(startSearch(history, draft), 'invx');
    expect(line(state)).toBe("(failed reverse-i-search)'invx': GET /invoices");
    expect(searchView(state).highlight).toEqual({ start: 5, end: 8 });
    state = typeText(state, 'y');
    expect(line(state)).toBe("(failed reverse-i-search)'invxy': GET /invoices");
    expect(line(typeText(startSearch(history, draft), 'zzz'))).toBe("(failed reverse-i-search)'zzz': GET /acc");
  });

  it('backspace returns to the shorter query and its match, undoing Ctrl+R steps after it', () => {
    let state = typeText(startSearch(history, draft), 'invx');
    state = backspace(state);
    expect(line(state)).toBe("(reverse-i-search)'inv': GET /invoices");
    state = searchAgain(searchAgain(state));
    expect(line(state)).toBe("(reverse-i-search)'inv': POST /invoices {\"contactId\":\"cont_1\"}");
    state = typeText(state, 'oices?');
    expect(line(state)).toBe("(reverse-i-search)'invoices?': GET /invoices?status=paid");
    state = searchAgain(state);
    expect(state.failed).toBe(true);
    state = backspace(state);
    expect(line(state)).toBe("(reverse-i-search)'invoices': POST /invoices {\"contactId\":\"cont_1\"}");
    for (let i = 0; i < 5; i += 1) state = backspace(state);
    expect(line(state)).toBe("(reverse-i-search)'inv': POST /invoices {\"contactId\":\"cont_1\"}");
    state = backspace(backspace(backspace(state)));
    expect(line(state)).toBe("(reverse-i-search)'': GET /acc");
    expect(backspace(state)).toBe(state);
  });

  it('is smart-case: lower case ignores case, a capital is exact', () => {
    expect(line(typeText(startSearch(history, draft), 'post'))).toBe("(reverse-i-search)'post': POST /invoices {\"contactId\":\"cont_1\"}");
    expect(typeText(startSearch(history, draft), 'Post').failed).toBe(true);
    expect(line(typeText(startSearch(history, draft), 'GET /c'))).toBe("(reverse-i-search)'GET /c': GET /contacts");
  });

  it('searches the previous query again on Ctrl+R with an empty query', () => {
    let state = startSearch(history, draft, 'status');
    state = searchAgain(state);
    expect(line(state)).toBe("(reverse-i-search)'status': GET /invoices?status=paid");
    expect(searchAgain(startSearch(history, draft))).toEqual(startSearch(history, draft));
  });

  it('accepts the match with the cursor on it, or cancels back to the original line', () => {
    const state = typeText(startSearch(history, draft), 'paid');
    expect(acceptSearch(state)).toEqual({ text: 'GET /invoices?status=paid', cursor: 21 });
    expect(cancelSearch(state)).toEqual(draft);
    expect(acceptSearch(typeText(startSearch(history, draft), 'zzz'))).toEqual(draft);
    expect(acceptSearch(startSearch([], draft))).toEqual(draft);
  });

  it('drops control characters from the query and works with an empty history', () => {
    expect(typeText(startSearch(history, draft), 'in\x1b[v').query).toBe('in[v');
    expect(line(typeText(startSearch([], draft), 'a'))).toBe("(failed reverse-i-search)'a': GET /acc");
  });

  it('exposes the operations under their key-binding names', () => {
    let state = reverseSearch.start(history, draft);
    state = reverseSearch.again(reverseSearch.type(state, 'inv'));
    expect(reverseSearch.view(state).text).toBe('routes inv');
    expect(reverseSearch.accept(reverseSearch.backspace(state)).text).toBe('GET /invoices');
    expect(reverseSearch.cancel(state)).toEqual(draft);
  });
});
