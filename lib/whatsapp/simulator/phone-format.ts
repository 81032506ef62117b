/**
 * WhatsApp formatting for the simulated phone, as browser JS (String.raw text: no backticks, so
 * \x60 stands for one in the regexes). It escapes HTML first and only then adds its own tags, so
 * text sent by the app can never inject markup; links stay plain text, never anchors.
 * Tested by evaluating this very text (control.test.ts).
 */
export const FORMAT_JS = String.raw`
function formatWhatsApp(src) {
  var held = [];
  function hold(html) { held.push(html); return '\u0000' + (held.length - 1) + '\u0000'; }
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function inline(s) {
    return s
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<strong>$2</strong>')
      .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1<em>$2</em>')
      .replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1<s>$2</s>');
  }
  var text = esc(String(src == null ? '' : src).replace(/\u0000/g, '').replace(/\r\n?/g, '\n'));
  text = text.replace(/\x60\x60\x60([\s\S]+?)\x60\x60\x60/g, function (_, code) {
    return hold('<pre><code>' + code.replace(/^\n/, '') + '</code></pre>');
  });
  text = text.replace(/\x60([^\x60\n]+)\x60/g, function (_, code) { return hold('<code>' + code + '</code>'); });
  var out = [], list = null, para = [];
  function flushPara() { if (para.length) { out.push('<p>' + para.join('<br>') + '</p>'); para = []; } }
  function closeList() { if (list) { out.push('</' + list + '>'); list = null; } }
  function item(kind, html) {
    flushPara();
    if (list !== kind) { closeList(); out.push('<' + kind + '>'); list = kind; }
    out.push('<li>' + inline(html) + '</li>');
  }
  text.split('\n').forEach(function (line) {
    var m;
    if ((m = /^[*-] (.*)$/.exec(line))) return item('ul', m[1]);
    if ((m = /^\d+\. (.*)$/.exec(line))) return item('ol', m[1]);
    closeList();
    if ((m = /^&gt; (.*)$/.exec(line))) { flushPara(); out.push('<blockquote>' + inline(m[1]) + '</blockquote>'); return; }
    para.push(inline(line));
  });
  flushPara();
  closeList();
  return out.join('').replace(/\u0000(\d+)\u0000/g, function (_, i) { return held[Number(i)]; });
}
`;
