import { describe, expect, it } from 'vitest';
import { escapeControls, escapeTerminalText, terminalControl } from './terminalText.js';

describe('terminal text', () => {
  it('escapes C0 (but newline and tab), DEL, C1 and bidi controls as \\uXXXX', () => {
    expect(escapeControls('a\u001b[31mb\rc\u0007d\u007fe\u009bf\u202eg\u2066h\n\ti')).toBe('a\\u001b[31mb\\u000dc\\u0007d\\u007fe\\u009bf\\u202eg\\u2066h\n\ti');
  });

  it('keeps JSON valid and its value unchanged', () => {
    const value = { text: 'x\u009b2J\u2028y' };
    expect(JSON.parse(escapeControls(JSON.stringify(value)))).toEqual(value);
  });

  it('lets only sequences made by terminalControl through', () => {
    const text = `${terminalControl('\u001b[2K')}line \u001b[2J${terminalControl('\u001b[3F')}`;
    expect(escapeTerminalText(text)).toBe('\u001b[2Kline \\u001b[2J\u001b[3F');
    // A forged marker without the nonce is just text, escaped.
    expect(escapeTerminalText('\u0000abc<\u001b[2J>abc\u0000')).toBe('\\u0000abc<\\u001b[2J>abc\\u0000');
  });
});
