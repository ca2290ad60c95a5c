// The waiting room's screen (ADR 0028): asks for the latest calls every few seconds and redraws
// them without reloading; the live region announces a new call. Without script, the page's
// <noscript> refresh does the same.
const main = document.getElementById('app-screen');
const current = document.getElementById('app-screen-current');
const previous = document.getElementById('app-screen-previous');
const POLL_MS = 3000;
let shown = '';

const key = (c) => (c ? `${c.turno}|${c.windowNumber}|${c.calledAt}|${c.callCount}` : '');

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function draw(calls) {
  const [latest, ...rest] = calls;
  if (key(latest) !== shown) {
    shown = key(latest);
    current.replaceChildren();
    const p = document.createElement('p');
    if (latest) {
      p.className = 'app-screen__turno app-screen__turno--new';
      const n = document.createElement('span');
      n.className = 'app-screen__turno-number';
      n.textContent = latest.turno;
      const arrow = document.createElement('span');
      arrow.className = 'app-screen__arrow';
      arrow.setAttribute('aria-hidden', 'true');
      arrow.textContent = '→';
      const w = document.createElement('span');
      w.className = 'app-screen__window';
      w.textContent = `Ventanilla ${latest.windowNumber}`;
      p.append(n, ' ', arrow, ' ', w);
    } else {
      p.className = 'app-screen__empty';
      p.textContent = 'Todavía no se ha llamado ningún turno hoy.';
    }
    current.append(p);
  }
  previous.replaceChildren(
    ...rest.map((c) => {
      const tr = document.createElement('tr');
      tr.append(cell(c.turno), cell(c.windowNumber), cell(c.at));
      return tr;
    }),
  );
}

async function poll() {
  try {
    const r = await fetch(main.dataset.poll, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (r.ok) draw((await r.json()).calls);
  } catch {
    // The next poll tries again.
  }
  setTimeout(poll, POLL_MS);
}

if (main && current && previous) {
  const first = current.querySelector('.app-screen__turno-number');
  shown = first ? 'server' : '';
  setTimeout(poll, POLL_MS);
}
