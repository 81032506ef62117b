/**
 * The simulated phone: HTML and CSS. Script and style are served as same-origin files
 * (<basePath>/phone.js, /phone.css) rather than inline, so the page works under a strict
 * Content-Security-Policy (script-src 'self') set by the app around the mounted simulator.
 */

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function phoneHtml(o: { basePath: string; businessName: string; displayNumber: string }): string {
  const base = esc(o.basePath);
  const name = esc(o.businessName);
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telefono simulato – ${name}</title>
<link rel="stylesheet" href="${base}/phone.css">
<script src="${base}/phone.js" defer></script>
</head>
<body data-base="${base}" data-business="${name}">
<a class="skip" href="#messaggio">Vai al campo Messaggio</a>
<div class="phone">
<header class="bar">
  <h1>Telefono simulato</h1>
  <p>Chat WhatsApp con <strong>${name}</strong> (+${esc(o.displayNumber)}). Simulatore: nessun messaggio reale viene inviato.</p>
</header>
<main>
  <form id="accesso" class="who" hidden novalidate>
    <h2>Accesso al simulatore</h2>
    <p>Apri il telefono simulato dal link stampato all’avvio del servizio (contiene il token), oppure incolla qui il token: è anche nel file <code>simulator-token</code> della cartella dei dati.</p>
    <div class="field">
      <label for="token">Token del simulatore</label>
      <input id="token" name="token" autocomplete="off" required aria-describedby="token-errore">
    </div>
    <button type="submit">Usa il token</button>
    <p id="token-errore" class="error" role="alert"></p>
  </form>
  <form id="chi" class="who" novalidate>
    <h2 class="sr-only">Chi scrive</h2>
    <div class="field">
      <label for="numero">Numero di telefono</label>
      <input id="numero" name="numero" type="tel" inputmode="tel" list="numeri" autocomplete="off" required aria-describedby="numero-aiuto numero-errore" placeholder="+39 333 123 4567">
      <datalist id="numeri"></datalist>
      <p id="numero-aiuto" class="hint">Con prefisso internazionale (+39…); un cellulare italiano senza prefisso va bene.</p>
    </div>
    <div class="field">
      <label for="nome">Nome profilo</label>
      <input id="nome" name="nome" autocomplete="off" maxlength="100" placeholder="Mario Rossi">
    </div>
    <div class="field check">
      <input id="senza-numero" name="senza-numero" type="checkbox" aria-describedby="senza-numero-aiuto">
      <label for="senza-numero">Nome utente, senza numero</label>
      <p id="senza-numero-aiuto" class="hint">Scrive come chi usa un nome utente WhatsApp e nasconde il numero: il Comune riceve solo l’ID utente (BSUID), come da Meta nel 2026.</p>
    </div>
    <button type="submit">Apri la chat</button>
    <p id="numero-errore" class="error" role="alert"></p>
  </form>
  <section class="chat" aria-labelledby="chat-titolo">
    <h2 id="chat-titolo">Conversazione con ${name}</h2>
    <p id="vuoto" class="empty">Nessun messaggio. Scrivi al Comune, per esempio «Iscrivimi».</p>
    <ol id="conversazione" aria-label="Conversazione"></ol>
  </section>
  <form id="invio" class="composer" novalidate>
    <label for="messaggio">Messaggio</label>
    <div class="row">
      <textarea id="messaggio" name="messaggio" rows="2" maxlength="4096" aria-describedby="invio-errore"></textarea>
      <button type="submit">Invia</button>
    </div>
    <p id="invio-errore" class="error" role="alert"></p>
  </form>
  <section class="samples" aria-labelledby="esempi-titolo">
    <h2 id="esempi-titolo">Allegati di prova</h2>
    <div class="row wrap">
      <button type="button" data-sample="image">Foto</button>
      <button type="button" data-sample="audio">Audio</button>
      <button type="button" data-sample="video">Video</button>
      <button type="button" data-sample="document">Documento</button>
      <button type="button" data-sample="sticker">Sticker</button>
      <button type="button" data-sample="location">Posizione</button>
      <button type="button" data-sample="contacts">Contatto</button>
    </div>
  </section>
  <details class="samples" id="numero-comune">
    <summary>Numero del Comune (come lo vede Meta)</summary>
    <form id="qualita" class="who" novalidate>
      <p class="hint">Simula la qualità e il limite giornaliero che Meta assegna al numero del Comune: un cambiamento invia il webhook <code>phone_number_quality_update</code> al servizio.</p>
      <div class="field">
        <label for="qualita-valore">Qualità</label>
        <select id="qualita-valore" name="qualityRating">
          <option value="GREEN">Buona (verde)</option>
          <option value="YELLOW">Media (gialla)</option>
          <option value="RED">Bassa (rossa): numero segnalato</option>
        </select>
      </div>
      <div class="field">
        <label for="limite-valore">Limite giornaliero</label>
        <select id="limite-valore" name="messagingLimit">
          <option value="TIER_250">250 persone</option>
          <option value="TIER_2K">2.000 persone</option>
          <option value="TIER_10K">10.000 persone</option>
          <option value="TIER_100K">100.000 persone</option>
          <option value="TIER_UNLIMITED">Illimitato</option>
        </select>
      </div>
      <button type="submit">Applica</button>
      <p id="qualita-esito" class="hint" role="status"></p>
    </form>
  </details>
  <div id="annunci" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</main>
</div>
</body>
</html>
`;
}

/** Colours chosen for WCAG AA: text >= 4.5:1 on its background, ticks and borders >= 3:1. */
export const PHONE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111b21;background:#d1d7db}
.phone{max-width:30rem;margin:0 auto;min-height:100vh;display:flex;flex-direction:column;background:#efeae2}
.bar{background:#075e54;color:#fff;padding:.75rem 1rem}
.bar h1{margin:0;font-size:1.25rem}
.bar p{margin:.25rem 0 0;font-size:.9rem}
main{display:flex;flex-direction:column;flex:1}
h2{font-size:1rem;margin:.5rem 0}
.who{background:#fff;padding:.75rem 1rem;display:grid;gap:.5rem;border-bottom:1px solid #8696a0}
[hidden]{display:none!important}
.field{display:grid;gap:.2rem}
.field.check{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.field.check .hint{flex-basis:100%}
.field.check input{width:1.25rem;height:1.25rem;margin:0}
label{font-weight:600}
input,textarea,select{font:inherit;color:#111b21;background:#fff;border:1px solid #54656f;border-radius:.5rem;padding:.5rem .6rem;width:100%}
button{font:inherit;cursor:pointer;border-radius:1.25rem;border:1px solid #075e54;background:#fff;color:#075e54;padding:.45rem .9rem;font-weight:600}
button[type=submit]{background:#075e54;color:#fff}
button:hover{background:#e7f3f1}
button[type=submit]:hover{background:#064c44}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.hint{margin:0;font-size:.85rem;color:#3b4a54}
.error{margin:0;color:#b3261e;font-weight:600}
.error:empty{display:none}
.chat{flex:1;padding:.5rem 1rem;overflow-y:auto}
.chat h2{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.empty{color:#3b4a54;text-align:center}
#conversazione{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.4rem}
#conversazione>li{max-width:85%;display:flex;flex-direction:column}
li[data-from=comune]{align-self:flex-start}
li[data-from=phone]{align-self:flex-end}
.bubble{border-radius:.6rem;padding:.4rem .6rem;box-shadow:0 1px 1px rgba(0,0,0,.15);overflow-wrap:anywhere}
li[data-from=comune] .bubble{background:#fff}
li[data-from=phone] .bubble{background:#d9fdd3}
.bubble .head{font-weight:700;margin:0 0 .2rem}
.bubble .foot{font-size:.85rem;color:#3b4a54;margin:.2rem 0 0}
.bubble .tpl{font-size:.75rem;color:#3b4a54;margin:0 0 .2rem}
.bubble pre{white-space:pre-wrap;margin:.2rem 0;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace}
.bubble code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f0f2f5;padding:0 .2rem;border-radius:.2rem}
.bubble blockquote{margin:.2rem 0;padding-left:.5rem;border-left:3px solid #667781;color:#3b4a54}
.bubble ul,.bubble ol{margin:.2rem 0;padding-left:1.3rem}
.meta{font-size:.75rem;color:#3b4a54;text-align:right;margin-top:.15rem}
.tick{font-weight:700;letter-spacing:-.2em;margin-left:.3rem}
.tick.read{color:#0b6fa4}
.tick.failed{color:#b3261e;letter-spacing:0}
.actions{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.3rem}
.actions button{flex:1 1 auto;border-radius:.5rem}
details.list{margin-top:.3rem}
details.list summary{cursor:pointer;color:#075e54;font-weight:600;padding:.3rem 0}
details.list fieldset{border:1px solid #8696a0;border-radius:.5rem;margin:.3rem 0;padding:.3rem .5rem;display:grid;gap:.3rem}
details.list legend{font-weight:600;font-size:.9rem}
details.list button{text-align:left;border-radius:.5rem}
details.list small{display:block;font-weight:400;color:#3b4a54}
.composer{background:#f0f2f5;padding:.5rem 1rem;border-top:1px solid #8696a0}
.row{display:flex;gap:.5rem;align-items:flex-end}
.row.wrap{flex-wrap:wrap}
.samples{background:#f0f2f5;padding:.25rem 1rem .75rem}
details.samples summary{cursor:pointer;color:#075e54;font-weight:600;padding:.5rem 0}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#075e54;padding:.5rem}
.skip:focus{left:.5rem;z-index:1}
`;
