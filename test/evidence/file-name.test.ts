import { describe, expect, it } from 'vitest';
import { formatFileSize, MAX_FILE_NAME_LENGTH, sanitiseFileName } from '../../src/evidence/file-name.ts';

describe('sanitiseFileName: the name shown, listed and offered for download', () => {
  it.each([
    ['letter.pdf', 'letter.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\sam\\Documents\\letter.pdf', 'letter.pdf'],
    ['..\\..\\windows\\system.ini.txt', 'system.ini.txt'],
    ['/', 'file'],
    ['..', 'file'],
    ['  my   letter .pdf ', 'my letter .pdf'],
    ['letter\u0000.pdf', 'letter.pdf'],
    ['line\r\nbreak.pdf', 'line break.pdf'],
    ['bell\u0007.pdf', 'bell.pdf'],
    ['tab\there.pdf', 'tab here.pdf'],
    // A right-to-left override would show "letter‮fdp.exe" as "letterexe.pdf".
    ['letter\u202efdp.exe', 'letterfdp.exe'],
    ['a<b>c:d"e|f?g*h.pdf', 'a_b_c_d_e_f_g_h.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['trailing.pdf...', 'trailing.pdf'],
    ['Llythyr penderfyniad – ŵ ŷ.pdf', 'Llythyr penderfyniad – ŵ ŷ.pdf'],
    ['e\u0301.pdf', 'é.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('cuts a 300-character name to the limit and keeps its extension', () => {
    const name = sanitiseFileName(`${'a'.repeat(296)}.pdf`);
    expect([...name].length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('counts characters, not UTF-16 units, so a cut never splits an emoji', () => {
    const name = sanitiseFileName(`${'😀'.repeat(200)}.pdf`);
    expect([...name].length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name).not.toMatch(/[\ud800-\udfff](?![\udc00-\udfff])/u);
  });
});

describe('formatFileSize', () => {
  it.each([
    [512, '512 bytes'],
    [2048, '2 KB'],
    [1024 * 1024 * 2.44, '2.4 MB'],
    [10 * 1024 * 1024, '10 MB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatFileSize(bytes)).toBe(text);
  });
});
