/* Register of legal documents: filter the table by type and year (all rows stay without JS). */
(function () {
  "use strict";
  var form = document.getElementById("jdih-saring-dokumen");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll(".jdih-dokumen-daftar tbody tr"));
  var status = document.getElementById("jdih-saring-status");
  function apply() {
    var jenis = form.elements.jenis.value, tahun = form.elements.tahun.value, shown = 0;
    rows.forEach(function (tr) {
      var ok = (!jenis || tr.getAttribute("data-jenis") === jenis) && (!tahun || tr.getAttribute("data-tahun") === tahun);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    status.textContent = shown + " dari " + rows.length + " dokumen";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  var params = new URLSearchParams(location.search);
  ["jenis", "tahun"].forEach(function (k) { if (params.get(k)) { form.elements[k].value = params.get(k); } });
  apply();
})();
