/* Pencarian JDIH: a small UI over Pagefind's chunked index (only the chunks a query needs are
   downloaded). The index is built in parts: the newest part is the primary index next to
   pagefind.js, the others are merged into it (mergeIndex, one shared WebAssembly engine);
   jdih-cari.json names them and carries the filter counts, so the filter lists cost no
   Pagefind download. Pagefind is loaded on the first use of the form. Results are built with
   DOM APIs and textContent, never innerHTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-pagefind");
  var form = document.getElementById("jdih-cari-form");
  var input = document.getElementById("jdih-cari-kata");
  var status = document.getElementById("jdih-cari-status");
  var list = document.getElementById("jdih-cari-hasil");
  var filterBox = document.getElementById("jdih-cari-saring");
  var FILTERS = [["tahun", "Tahun"], ["kategori", "Kategori"], ["seri", "Seri"]];
  var PAGE = 10; /* results shown at a time: each costs one fragment download */
  var params = new URLSearchParams(location.search);
  if (!form || !input || !list) { return; }
  var bundleUrl = new URL(bundle, location.href);
  var listing = null;
  var pagefind = null;
  var seq = 0;
  var shown = null; /* {search, query}: the current results, for "show more" */

  function parts() {
    if (!listing) {
      listing = fetch(new URL("jdih-cari.json", bundleUrl).href).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      });
    }
    return listing;
  }

  function load() {
    if (!pagefind) {
      pagefind = Promise.all([import(bundleUrl.href), parts()]).then(function (got) {
        var pf = got[0];
        return pf.options({ excerptLength: 24, noWorker: true }).then(function () {
          return Promise.all((got[1].bagian || []).map(function (name) {
            return pf.mergeIndex(new URL(name, bundleUrl).pathname);
          }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  /* One <select> per Pagefind filter (year, category, series), with the count of each value. */
  function buildFilters(info) {
    var available = info.saring || {};
    if (!filterBox || filterBox.childElementCount) { return; }
    FILTERS.forEach(function (f) {
      var values = available[f[0]];
      if (!values || !Object.keys(values).length) { return; }
      var label = document.createElement("label");
      label.appendChild(document.createTextNode(f[1] + " "));
      var select = document.createElement("select");
      select.name = f[0];
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "Semua";
      select.appendChild(all);
      Object.keys(values).sort().reverse().forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v + " (" + values[v] + ")";
        select.appendChild(o);
      });
      if (params.get(f[0])) { select.value = params.get(f[0]); }
      select.addEventListener("change", run);
      label.appendChild(select);
      filterBox.appendChild(label);
    });
  }

  function chosenFilters() {
    var out = {};
    if (filterBox) {
      filterBox.querySelectorAll("select").forEach(function (s) { if (s.value) { out[s.name] = s.value; } });
    }
    return out;
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

  function show(results, query, total, more) {
    if (!more) { list.textContent = ""; }
    var count = list.childElementCount + results.length;
    var what = query ? " untuk \u201c" + query + "\u201d" : "";
    status.textContent = total ? total + " hasil" + what + (total > count ? " (" + count + " pertama ditampilkan)" : "") : "Tidak ada hasil" + what + ".";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      /* Pagefind's URL already carries the site's base path (it is derived from where
         pagefind.js was loaded): resolve it as it is, never prefix it again. */
      a.href = new URL(String(r.url), location.href).href;
      a.textContent = (r.meta && r.meta.title) || r.url;
      var h = document.createElement("h2");
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

  function failed() {
    status.textContent = "Pencarian belum tersedia (belum ada publikasi) atau gagal dimuat. Muat ulang halaman ini.";
  }

  /* The "Tampilkan lebih banyak" button after the list, present only while results remain. */
  var moreButton = document.createElement("button");
  moreButton.type = "button";
  moreButton.className = "jdih-cari-lagi";
  moreButton.hidden = true;
  list.parentNode.insertBefore(moreButton, list.nextSibling);

  function page(current, more) {
    var from = more ? list.childElementCount : 0;
    var slice = current.search.results.slice(from, from + PAGE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
      if (current !== shown) { return; }
      show(data, current.query, current.search.results.length, more);
      var left = current.search.results.length - list.childElementCount;
      moreButton.hidden = left <= 0;
      moreButton.textContent = "Tampilkan " + Math.min(left, PAGE) + " hasil berikutnya";
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++seq;
    shown = null;
    moreButton.hidden = true;
    if (!query && !Object.keys(filters).length) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Mencari\u2026";
    load().then(function (pf) { return pf.debouncedSearch(query || null, { filters: filters }, 250); }).then(function (search) {
      if (!search || mine !== seq) { return null; }
      shown = { search: search, query: query };
      return page(shown, false);
    }).catch(failed);
  }

  moreButton.addEventListener("click", function () {
    if (shown) { page(shown, true).catch(failed); }
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  input.addEventListener("input", run);
  /* Pagefind (engine, WebAssembly, the parts' metadata) is fetched on the first use of the form. */
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  var q = params.get("q");
  if (q) { input.value = q; }
  /* The filter lists come from jdih-cari.json (a few hundred bytes), not from Pagefind. */
  parts().then(buildFilters).then(function () { if (q || Object.keys(chosenFilters()).length) { run(); } }, failed);
})();
