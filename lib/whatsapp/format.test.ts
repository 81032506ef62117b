import { describe, expect, it } from 'vitest';
import { escapeHtml, formatWhatsAppHtml as format, parseWhatsAppFormatting as parse, plainText } from './format';

describe('parseWhatsAppFormatting', () => {
  it('finds bold, italic, strike and inline code between word boundaries', () => {
    expect(parse('Via *Roma* chiusa _stasera_ ~domani~ `A27`')).toEqual([
      'Via ',
      { kind: 'bold', children: ['Roma'] },
      ' chiusa ',
      { kind: 'italic', children: ['stasera'] },
      ' ',
      { kind: 'strike', children: ['domani'] },
      ' ',
      { kind: 'code', children: ['A27'] },
    ]);
  });

  it('nests styles and keeps punctuation after a closing marker', () => {
    expect(parse('*chiusa _tutta_ la notte*, dalle 20.')).toEqual([
      { kind: 'bold', children: ['chiusa ', { kind: 'italic', children: ['tutta'] }, ' la notte'] },
      ', dalle 20.',
    ]);
  });

  it('leaves markers inside words, next to spaces, unmatched or across lines as text', () => {
    for (const s of ['snake_case_name', '2 * 3 * 4', '* elenco', 'solo *uno', 'a *b\nc* d', 'prezzo 5*']) {
      expect(parse(s)).toEqual([s]);
    }
  });

  it('keeps ```monospace``` content as typed, formatting markers included', () => {
    expect(parse('Codice: ```*non* grassetto``` fine')).toEqual(['Codice: ', { kind: 'mono', children: ['*non* grassetto'] }, ' fine']);
  });

  it('never turns text into markup: tags stay text', () => {
    const nodes = parse('<script>alert(1)</script> *<b>x</b>*');
    expect(nodes[0]).toBe('<script>alert(1)</script> ');
    expect(plainText(nodes)).toBe('<script>alert(1)</script> <b>x</b>');
  });

  it('plainText gives the text as read on the phone', () => {
    expect(plainText(parse('*Avviso del Comune*\n\n*Via Roma chiusa*\n\nDalle _20_ alle 24.'))).toBe(
      'Avviso del Comune\n\nVia Roma chiusa\n\nDalle 20 alle 24.',
    );
  });
});

describe('formatWhatsAppHtml (the simulated phone)', () => {
  it('escapes every piece of text, so a message cannot inject markup', () => {
    const out = format('<img src=x onerror=alert(1)> *<b>x</b>* "q" \'s\' & `<i>` ```<script>```');
    expect(out).not.toMatch(/<img|<b>|<i>|<script/);
    expect(out).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; <strong>&lt;b&gt;x&lt;/b&gt;</strong> &quot;q&quot; &#39;s&#39; &amp; <code>&lt;i&gt;</code> <pre><code>&lt;script&gt;</code></pre></p>',
    );
    expect(format('> <a href="javascript:x">l</a>\n* <svg onload=x>')).toBe(
      '<blockquote>&lt;a href=&quot;javascript:x&quot;&gt;l&lt;/a&gt;</blockquote><ul><li>&lt;svg onload=x&gt;</li></ul>',
    );
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('renders bold, italic, strike, monospace, inline code, lists, quotes and line breaks', () => {
    expect(format('*grassetto* _corsivo_ ~barrato~ `codice`')).toBe('<p><strong>grassetto</strong> <em>corsivo</em> <s>barrato</s> <code>codice</code></p>');
    expect(format('```\n*non* formattato\n```')).toBe('<p><pre><code>*non* formattato\n</code></pre></p>');
    expect(format('Elenco:\n* uno\n- due\n1. primo\n2. secondo\n> citazione\nfine')).toBe(
      '<p>Elenco:</p><ul><li>uno</li><li>due</li></ul><ol><li>primo</li><li>secondo</li></ol><blockquote>citazione</blockquote><p>fine</p>',
    );
    expect(format('riga 1\r\nriga 2\n\n*Fine*')).toBe('<p>riga 1<br>riga 2<br><br><strong>Fine</strong></p>');
    expect(format('snake_case_name e 2*3*4')).toBe('<p>snake_case_name e 2*3*4</p>');
    expect(format('https://www.comune.conegliano.tv.it/avvisi')).toBe('<p>https://www.comune.conegliano.tv.it/avvisi</p>');
    expect(format('')).toBe('');
  });
});
