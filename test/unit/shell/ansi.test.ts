import { describe, expect, it } from 'vitest';
import { bold, colour, dim, methodColour, paintMethod, palette, RESET, stripAnsi, style } from '../../../shell/render/ansi.js';

describe('SGR helpers', () => {
  it('wraps text in a colour and resets only the foreground', () => {
    expect(colour('green', 'ok')).toBe('\x1b[32mok\x1b[39m');
    expect(colour('gray', 'x')).toBe('\x1b[90mx\x1b[39m');
  });

  it('turns intensity on and back to normal', () => {
    expect(bold('b')).toBe('\x1b[1mb\x1b[22m');
    expect(dim('d')).toBe('\x1b[2md\x1b[22m');
    expect(RESET).toBe('\x1b[0m');
  });

  it('nests: the outer colour survives an inner bold', () => {
    const out = colour('red', `${bold('x')} y`);
    expect(out).toBe('\x1b[31m\x1b[1mx\x1b[22m y\x1b[39m');
  });

  it('combines styles', () => {
    expect(stripAnsi(style({ fg: 'cyan', bold: true, underline: true }, 'id'))).toBe('id');
    expect(style({ fg: 'cyan', bold: true }, 'id')).toBe('\x1b[1m\x1b[36mid\x1b[39m\x1b[22m');
    expect(style({}, 'plain')).toBe('plain');
  });

  it('strips what it produces', () => {
    expect(stripAnsi(colour('blue', bold('a')) + dim('b') + RESET)).toBe('ab');
  });
});

describe('palette', () => {
  it('colours methods green, blue, amber and red in any case', () => {
    expect(methodColour('GET')).toBe('green');
    expect(methodColour('post')).toBe('blue');
    expect(methodColour('Put')).toBe('yellow');
    expect(methodColour('patch')).toBe('yellow');
    expect(methodColour('DELETE')).toBe('red');
    expect(palette.methods.PATCH).toBe(palette.methods.PUT);
  });

  it('leaves unknown words plain', () => {
    expect(methodColour('GE')).toBeNull();
    expect(methodColour('GETS')).toBeNull();
    expect(methodColour('routes')).toBeNull();
    expect(paintMethod('HEAD')).toBe('HEAD');
    expect(paintMethod('get')).toBe('\x1b[32mget\x1b[39m');
  });
});
