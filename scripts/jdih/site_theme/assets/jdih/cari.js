/* Pencarian JDIH: a small UI over Pagefind's chunked index (only the chunks a query needs are
   downloaded). Results are built with DOM APIs and textContent, never innerHTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-pagefind");
  var base = new URL(script.getAttribute("data-base") || "./", location.href);
  var form = document.getElementById("jdih-cari-form");
  var input = document.getElementById("jdih-cari-kata");
  var status = document.getElementById("jdih-cari-status");
  var list = document.getElementById("jdih-cari-hasil");
  if (!form || !input || !list) { return; }
  var pagefind = null;
  var seq = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL(bundle, location.href).href).then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  /* Pagefind excerpts mark hits with <mark>; rebuild them as text nodes and <mark> elements. */
  function excerptNode(text) {
    var p = document.createElement("p");
    var parts = String(text).split(/<mark>|<\/mark>/);
    parts.forEach(function (part, i) {
      var plain = part.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      if (i % 2 === 1) {
        var m = document.createElement("mark");
        m.textContent = plain;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(plain));
      }
    });
    return p;
  }

  function show(results, query) {
    list.textContent = "";
    status.textContent = results.length ? results.length + " hasil untuk \u201c" + query + "\u201d" : "Tidak ada hasil untuk \u201c" + query + "\u201d.";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(String(r.url).replace(/^\//, ""), base).href;
      a.textContent = (r.meta && r.meta.title) || r.url;
      var h = document.createElement("h3");
      h.appendChild(a);
      li.appendChild(h);
      if (r.meta && r.meta.tanggal) {
        var d = document.createElement("p");
        d.className = "jdih-meta";
        d.textContent = r.meta.tanggal;
        li.appendChild(d);
      }
      li.appendChild(excerptNode(r.excerpt || ""));
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++seq;
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Mencari\u2026";
    load().then(function (pf) { return pf.debouncedSearch(query, {}, 250); }).then(function (search) {
      if (!search || mine !== seq) { return null; }
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (data) {
        if (mine === seq) { show(data, query); }
      });
    }).catch(function () {
      status.textContent = "Pencarian belum tersedia (belum ada publikasi) atau gagal dimuat. Muat ulang halaman ini.";
    });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  input.addEventListener("input", run);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
})();
