// The pages' one script; everything works without it. It keeps the scanner field focused after a
// scan and stops a second click on a submitting form (the idempotency key already makes a double
// submit post once; this only spares the round trip).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var scanner = document.querySelector("input[data-scanner]");
  if (scanner) { scanner.focus(); }
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
      }, 0);
    });
  });
});
