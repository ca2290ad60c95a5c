// Enhancement only: every page works without JavaScript.
import { initAll } from '/static/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
initAll();
