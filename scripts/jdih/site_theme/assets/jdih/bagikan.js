/* "Salin tautan" on post pages: shown only where the browser can copy; without JavaScript the
   address stays readable (and selectable) in the field beside it. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll(".jdih-salin").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-tautan") || location.href).then(function () {
        button.textContent = "Tautan tersalin";
      }, function () {
        button.textContent = "Salin manual dari kolom di samping";
      });
    });
  });
})();
