// Enhancement only (ADR 0021, sessions that never lose work): the officers' pages work without it.
// 1. A warning before the session lapses by inactivity, with "Seguir trabajando", which keeps it.
// 2. The form posted after a lapse, filled in again once the same officer signed in (the page's draft).
// 3. Every officer form says which page it is on (_pagina), so that a draft comes back to that page.

const csrf = () => document.querySelector('form input[name="_csrf"]')?.value ?? '';

for (const form of document.querySelectorAll('form[method="post"]')) {
  if (form.getAttribute('action') === '/oficina/salir' || form.querySelector('input[name="_pagina"]')) continue;
  const marker = document.createElement('input');
  marker.type = 'hidden';
  marker.name = '_pagina';
  marker.value = location.pathname + location.search;
  form.append(marker);
}

const restored = document.getElementById('app-restored-form');
if (restored) {
  let values = {};
  try {
    values = JSON.parse(restored.dataset.values ?? '{}');
  } catch {
    values = {};
  }
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    for (const field of document.getElementsByName(name)) {
      if (!field.form || field.form.getAttribute('action') === '/oficina/salir') continue;
      if (field.type === 'checkbox' || field.type === 'radio') field.checked = list.includes(field.value);
      else if (field.tagName === 'SELECT' && field.multiple) for (const o of field.options) o.selected = list.includes(o.value);
      else if ('value' in field && field.type !== 'hidden' && field.type !== 'file') field.value = list[0] ?? '';
    }
  }
  restored.setAttribute('tabindex', '-1');
  restored.focus();
}

const warning = document.getElementById('app-session-warning');
const live = document.getElementById('app-session-live');
if (warning && live) {
  const button = warning.querySelector('button');
  const left = warning.querySelector('.app-session-warning__left');
  const warnSeconds = Number(warning.dataset.warnSeconds ?? '120');
  let deadline = Date.now() + Number(warning.dataset.idleSeconds ?? '0') * 1000;
  let lastFocus = null;
  let shown = false;

  const words = (seconds) => {
    if (seconds >= 90) return `${Math.round(seconds / 60)} minutos`;
    if (seconds >= 60) return '1 minuto';
    return `${Math.max(0, seconds)} segundos`;
  };

  const show = () => {
    shown = true;
    lastFocus = document.activeElement;
    warning.hidden = false;
    live.textContent = `Su sesión está por terminar por inactividad. Pulse «Seguir trabajando» para continuar.`;
    button?.focus();
  };
  const hide = () => {
    shown = false;
    warning.hidden = true;
    live.textContent = 'Su sesión sigue abierta.';
    if (lastFocus && typeof lastFocus.focus === 'function') lastFocus.focus();
  };

  const tick = () => {
    const seconds = Math.round((deadline - Date.now()) / 1000);
    if (seconds <= 0) {
      if (left) left.textContent = '0 segundos';
      warning.querySelector('#app-session-warning-title').textContent = 'Su sesión terminó por inactividad';
      warning.querySelector('#app-session-warning-text').textContent =
        'Lo que escribió en esta página no se pierde: al enviar el formulario, ingrese de nuevo y lo encontrará aquí.';
      if (button) button.hidden = true;
      if (!shown) show();
      live.textContent = 'Su sesión terminó por inactividad.';
      return;
    }
    if (seconds <= warnSeconds) {
      if (left) left.textContent = words(seconds);
      if (!shown) show();
    }
    setTimeout(tick, 1000);
  };

  button?.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const res = await fetch('/oficina/sesion/seguir', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf() }),
      });
      if (res.ok) {
        const body = await res.json();
        deadline = Date.now() + Number(body.idleSeconds ?? 0) * 1000;
        hide();
      } else {
        live.textContent = 'No se pudo mantener la sesión abierta.';
      }
    } catch {
      live.textContent = 'No se pudo mantener la sesión abierta: revise la conexión.';
    } finally {
      button.disabled = false;
    }
  });
  warning.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && shown && button && !button.hidden) button.click();
  });
  tick();
}
