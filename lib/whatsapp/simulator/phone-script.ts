/**
 * Browser script of the simulated phone (vanilla JS, served as <basePath>/phone.js).
 * Kept as String.raw text with no backticks and no "${": it is browser JS, not TypeScript.
 * Message text reaches innerHTML only as the `html` the control API gives each message, made by
 * lib/whatsapp/format.ts (the dashboard preview's formatter), which escapes every piece of text.
 */

export const PHONE_JS = String.raw`
(function () {
  'use strict';
  var BASE = document.body.getAttribute('data-base') || '';
  var API = BASE + '/api';
  function $(id) { return document.getElementById(id); }
  var numero = $('numero'), nome = $('nome'), list = $('conversazione'), empty = $('vuoto'), box = $('messaggio');
  var current = null, source = null, pollTimer = null, refreshTimer = null, firstLoad = true;
  // The control API wants the per-start token: the start-up link carries it in the fragment
  // (#token=..., never sent to a server); it is kept for this tab only and dropped from the address bar.
  var TOKEN_KEY = 'banditore.sim.token', token = '';
  function tokenFromLink() {
    var fromLink = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (!fromLink) return false;
    token = decodeURIComponent(fromLink[1]);
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) {}
    history.replaceState(null, '', location.pathname + location.search);
    return true;
  }
  if (!tokenFromLink()) { try { token = sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) {} }
  function askToken(text) {
    $('accesso').hidden = false;
    setError('token-errore', text || '');
  }
  var STATUS = {
    accepted: ['\u23F1', 'in attesa', ''], sent: ['\u2713', 'inviato', ''], delivered: ['\u2713\u2713', 'consegnato', ''],
    read: ['\u2713\u2713', 'letto', 'read'], failed: ['!', 'non consegnato', 'failed']
  };
  var SAMPLES = {
    image: { type: 'image', caption: 'Foto di prova' },
    audio: { type: 'audio' },
    video: { type: 'video', caption: 'Video di prova' },
    document: { type: 'document', filename: 'segnalazione.pdf', caption: 'Documento di prova' },
    sticker: { type: 'sticker' },
    location: { type: 'location', latitude: 45.8872, longitude: 12.2975, name: 'Posizione di prova', address: 'Piazza Cima' },
    contacts: { type: 'contacts', name: 'Mario Rossi', phone: '+39 333 123 4567' }
  };

  function normalise(v) {
    var d = String(v || '').replace(/[^\d+]/g, '');
    if (d.indexOf('00') === 0) d = d.slice(2);
    else if (d.charAt(0) === '+') d = d.slice(1);
    else if (/^3\d{8,9}$/.test(d)) d = '39' + d;
    return d.replace(/\D/g, '');
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function api(method, path, payload) {
    var init = { method: method, headers: { accept: 'application/json', 'x-simulator-token': token } };
    if (payload) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(payload); }
    return fetch(API + path, init).then(function (r) {
      if (r.status === 401) askToken('Token mancante o non valido (cambia a ogni avvio del servizio).');
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j && j.error && j.error.message) || ('HTTP ' + r.status));
        return j;
      });
    });
  }
  function setError(id, text) { $(id).textContent = text || ''; }

  function loadPhones() {
    api('GET', '/phones').then(function (j) {
      var dl = $('numeri');
      dl.textContent = '';
      j.data.forEach(function (p) {
        var o = document.createElement('option');
        o.value = '+' + p.digits;
        if (p.profileName) o.label = p.profileName;
        dl.appendChild(o);
      });
    }).catch(function () {});
  }

  function open(digits) {
    current = digits;
    firstLoad = true;
    list.textContent = '';
    empty.hidden = false;
    try { localStorage.setItem('banditore.sim.numero', digits); } catch (e) {}
    refresh();
    if (source) source.close();
    if (window.EventSource) {
      source = new EventSource(API + '/events?phone=' + encodeURIComponent(digits) + '&token=' + encodeURIComponent(token));
      source.addEventListener('message', schedule);
      source.addEventListener('status', schedule);
      source.onerror = startPolling;
    } else {
      startPolling();
    }
  }
  function startPolling() { if (!pollTimer) pollTimer = setInterval(refresh, 3000); }
  function schedule() { clearTimeout(refreshTimer); refreshTimer = setTimeout(refresh, 80); }
  function refresh() {
    var digits = current;
    if (!digits) return;
    api('GET', '/phones/' + digits + '/messages').then(function (j) { if (digits === current) render(j.data); }).catch(function () {});
  }

  function render(messages) {
    var existing = {}, added = null;
    Array.prototype.forEach.call(list.children, function (li) { existing[li.getAttribute('data-id')] = li; });
    messages.forEach(function (m) {
      var li = existing[m.id];
      if (li) return updateStatus(li, m);
      li = buildMessage(m);
      list.appendChild(li);
      added = li;
      if (!firstLoad && m.from === 'comune') $('annunci').textContent = 'Nuovo messaggio dal Comune: ' + (m.header ? m.header + '. ' : '') + (m.text || '').slice(0, 300);
    });
    empty.hidden = messages.length > 0;
    if (added) added.scrollIntoView({ block: 'nearest' });
    firstLoad = false;
  }

  function replyButton(label, detail, spec) {
    var b = el('button', '', label);
    b.type = 'button';
    if (detail) b.appendChild(el('small', '', detail));
    b.addEventListener('click', function () { send(spec); });
    return b;
  }

  function buildMessage(m) {
    var li = el('li');
    li.setAttribute('data-from', m.from);
    li.setAttribute('data-id', m.id);
    li.setAttribute('data-type', m.type);
    var bubble = el('div', 'bubble');
    if (m.template) bubble.appendChild(el('p', 'tpl', 'Modello \u00AB' + m.template.name + '\u00BB'));
    if (m.header) bubble.appendChild(el('p', 'head', m.header));
    var text = el('div', 'text');
    text.innerHTML = m.html || '';
    bubble.appendChild(text);
    if (m.footer) bubble.appendChild(el('p', 'foot', m.footer));
    li.appendChild(bubble);
    if (m.buttons && m.buttons.length) {
      var actions = el('div', 'actions');
      actions.setAttribute('role', 'group');
      actions.setAttribute('aria-label', 'Risposte rapide');
      m.buttons.forEach(function (b) {
        actions.appendChild(replyButton(b.title, null, b.kind === 'quick_reply'
          ? { type: 'button', payload: b.id, text: b.title, contextId: m.id }
          : { type: 'button_reply', id: b.id, title: b.title, contextId: m.id }));
      });
      li.appendChild(actions);
    }
    if (m.list) {
      var details = el('details', 'list');
      details.appendChild(el('summary', '', m.list.button));
      m.list.sections.forEach(function (s) {
        var fs = el('fieldset');
        fs.appendChild(el('legend', '', s.title || m.list.button));
        s.rows.forEach(function (r) {
          var spec = { type: 'list_reply', id: r.id, title: r.title, contextId: m.id };
          if (r.description) spec.description = r.description;
          fs.appendChild(replyButton(r.title, r.description, spec));
        });
        details.appendChild(fs);
      });
      li.appendChild(details);
    }
    var meta = el('p', 'meta');
    var t = el('time', '', new Date(m.at).toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit' }));
    t.setAttribute('datetime', new Date(m.at).toISOString());
    meta.appendChild(t);
    meta.appendChild(el('span', 'tick'));
    meta.appendChild(el('span', 'sr-only'));
    li.appendChild(meta);
    updateStatus(li, m);
    return li;
  }

  function updateStatus(li, m) {
    var tick = li.querySelector('.tick'), sr = li.querySelector('.meta .sr-only'), s;
    if (m.from === 'comune') {
      s = STATUS[m.status] || STATUS.accepted;
      li.setAttribute('data-status', m.status || 'accepted');
      tick.textContent = s[0];
      tick.className = 'tick ' + s[2];
      sr.textContent = ' Stato per il Comune: ' + s[1] + (m.error ? ' (errore ' + m.error.code + ': ' + m.error.title + ')' : '');
    } else {
      var code = m.webhookStatus;
      if (code != null) li.setAttribute('data-webhook-status', String(code));
      var ok = code >= 200 && code < 300;
      tick.textContent = code == null ? STATUS.accepted[0] : ok ? '\u2713\u2713' : '!';
      tick.className = 'tick ' + (code != null && !ok ? 'failed' : '');
      sr.textContent = code == null ? ' In invio' : ok ? ' Ricevuto dal Comune' : ' Il Comune non ha ricevuto il messaggio (HTTP ' + code + ')';
    }
    tick.setAttribute('aria-hidden', 'true');
  }

  function send(spec) {
    setError('invio-errore', '');
    if (!current) { setError('invio-errore', 'Prima scegli un numero di telefono.'); numero.focus(); return Promise.resolve(); }
    var name = nome.value.trim();
    if (name) spec.profileName = name;
    // "Nome utente, senza numero": the webhook then carries only the user id (no from, no wa_id).
    if ($('senza-numero').checked) spec.username = '@utente' + current.slice(-4);
    return api('POST', '/phones/' + current + '/messages', spec).then(refresh).catch(function (e) {
      setError('invio-errore', 'Invio non riuscito: ' + e.message);
    });
  }

  $('accesso').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var given = $('token').value.trim();
    if (!given) { setError('token-errore', 'Incolla il token.'); $('token').focus(); return; }
    token = given;
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) {}
    $('accesso').hidden = true;
    setError('token-errore', '');
    loadPhones();
    loadNumber();
    if (current) open(current);
  });
  $('chi').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var digits = normalise(numero.value);
    if (!/^\d{7,15}$/.test(digits)) {
      setError('numero-errore', 'Numero non valido: usa il prefisso internazionale, per esempio +39 333 123 4567.');
      numero.setAttribute('aria-invalid', 'true');
      numero.focus();
      return;
    }
    numero.removeAttribute('aria-invalid');
    setError('numero-errore', '');
    numero.value = '+' + digits;
    try { localStorage.setItem('banditore.sim.nome', nome.value.trim()); } catch (e) {}
    open(digits);
    box.focus();
  });
  $('invio').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = box.value;
    if (!text.trim()) { setError('invio-errore', 'Scrivi un messaggio.'); box.focus(); return; }
    send({ type: 'text', text: text }).then(function () { if (!$('invio-errore').textContent) box.value = ''; box.focus(); });
  });
  box.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); $('invio').requestSubmit(); }
  });
  document.querySelectorAll('[data-sample]').forEach(function (b) {
    b.addEventListener('click', function () {
      send(JSON.parse(JSON.stringify(SAMPLES[b.getAttribute('data-sample')])));
    });
  });
  nome.addEventListener('change', function () { try { localStorage.setItem('banditore.sim.nome', nome.value.trim()); } catch (e) {} });
  $('senza-numero').addEventListener('change', function () {
    try { localStorage.setItem('banditore.sim.senzanumero', $('senza-numero').checked ? '1' : ''); } catch (e) {}
  });

  // The business number as Meta sees it (control API /number): quality and daily limit.
  function loadNumber() {
    api('GET', '/number').then(function (n) {
      $('qualita-valore').value = n.qualityRating === 'UNKNOWN' ? 'GREEN' : n.qualityRating;
      $('limite-valore').value = n.messagingLimit;
    }).catch(function () {});
  }
  $('qualita').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = $('qualita-esito');
    api('POST', '/number', { qualityRating: $('qualita-valore').value, messagingLimit: $('limite-valore').value }).then(function (r) {
      out.textContent = r.event ? 'Meta ha inviato l’evento ' + r.event + ' al servizio.' : 'Nessun cambiamento da segnalare.';
    }, function (e) { out.textContent = 'Non riuscito: ' + e.message; });
  });

  try {
    nome.value = localStorage.getItem('banditore.sim.nome') || '';
    $('senza-numero').checked = localStorage.getItem('banditore.sim.senzanumero') === '1';
    var saved = localStorage.getItem('banditore.sim.numero');
    if (saved && /^\d{7,15}$/.test(saved)) { numero.value = '+' + saved; open(saved); }
  } catch (e) {}
  // The confirmation page links here with the message to send (?testo=…): prefill it, never send it.
  try {
    var testo = new URLSearchParams(location.search).get('testo');
    if (testo) box.value = testo.slice(0, 4096);
  } catch (e) {}
  // The start-up link pasted into a tab already on this page changes only the fragment.
  window.addEventListener('hashchange', function () {
    if (!tokenFromLink()) return;
    $('accesso').hidden = true;
    setError('token-errore', '');
    loadPhones();
    if (current) open(current);
  });
  if (!token) askToken('');
  else { loadPhones(); loadNumber(); }
})();
`;
