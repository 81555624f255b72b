// Sends the evidence back to Keycloak without a click; the visible button covers no-JS browsers.
(function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (!form || form.dataset.submitted) return;
  form.dataset.submitted = 'true';
  var button = form.querySelector('button');
  if (button) button.disabled = true;
  HTMLFormElement.prototype.submit.call(form);
})();
