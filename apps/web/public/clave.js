// /portal/clave#token=...: the fragment never reaches the server in a URL. Move it into the
// form, drop it from the address bar and history, and send the form (POST, with CSRF).
(function () {
  var match = /(?:^|[#&])token=([A-Za-z0-9_-]{20,128})/.exec(window.location.hash);
  if (!match) return;
  var form = document.getElementById('link-form');
  var field = document.getElementById('link');
  if (!form || !field) return;
  field.value = match[1];
  history.replaceState(null, '', window.location.pathname);
  form.submit();
})();
