/* Pencarian JDIH: a small UI over Pagefind's chunked index (only the chunks a query needs are
   downloaded). The index is built in parts of consecutive posts: the newest part is the primary
   index next to pagefind.js, the others can be merged into it (mergeIndex, one shared
   WebAssembly engine). jdih-cari.json lists every part, newest first, with its years, and
   carries the filter counts, so the filter lists cost no Pagefind download. Pagefind is loaded
   on the first use of the form.

   Two orders. "Terbaru" (the default) searches one part at a time, newest part first, each
   restricted to itself by its "bagian" filter and sorted by publication time ("terbit"); an
   older part is fetched only when the results shown so far run out, so a first search
   downloads one part's index. "Paling relevan" merges every part and ranks all matches by
   Pagefind's relevance. Results are built with DOM APIs and textContent, never innerHTML. */
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
  var ORDERS = [["terbaru", "Terbaru"], ["relevan", "Paling relevan"]];
  var PART_FILTER = "bagian"; /* added to each part in the browser; its value: the part's name */
  var SORT = { terbit: "desc" }; /* jdih.site.search_source.TIME_SORT */
  var PAGE = 10; /* results shown at a time: each costs one fragment download */
  var DEBOUNCE = 250; /* ms of typing pause before a search starts */
  var params = new URLSearchParams(location.search);
  if (!form || !input || !list) { return; }
  var bundleUrl = new URL(bundle, location.href);
  var listing = null;
  var engine = null;
  var merging = {}; /* part folder -> its mergeIndex promise */
  var seq = 0;
  var timer = 0;
  var shown = null; /* the current search (see newest() and relevant()) */

  function parts() {
    if (!listing) {
      listing = fetch(new URL("jdih-cari.json", bundleUrl).href).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      });
    }
    return listing;
  }

  /* Pagefind with the primary (newest) part only. Every part carries a "bagian" filter of its
     name, added in the browser (Pagefind's mergeFilter), so it costs no download. */
  function load() {
    if (!engine) {
      engine = Promise.all([import(bundleUrl.href), parts()]).then(function (got) {
        var pf = got[0];
        var primary = (allParts(got[1])[0] || {}).nama;
        return pf.options({ excerptLength: 24, noWorker: true }).then(function () { return pf.init(); }).then(function () {
          return primary ? pf.options({ mergeFilter: partFilter(primary) }) : null;
        }).then(function () { return pf; });
      });
    }
    return engine;
  }

  function partFilter(name) {
    var f = {};
    f[PART_FILTER] = name;
    return f;
  }

  function merge(pf, part) {
    if (!part.folder) { return Promise.resolve(); }
    if (!merging[part.folder]) {
      merging[part.folder] = pf.mergeIndex(new URL(part.folder, bundleUrl).pathname, { mergeFilter: partFilter(part.nama) });
    }
    return merging[part.folder];
  }

  /* Every part, newest first (a listing without "rincian": the primary part alone). */
  function allParts(info) {
    return info.rincian || [{ nama: null, folder: "", tahun: [] }];
  }

  /* Newest first: take the parts one at a time until `need` results are in hand. */
  function newest(pf, info, query, filters) {
    var year = filters.tahun;
    var todo = allParts(info).filter(function (p) { return !year || !p.tahun.length || p.tahun.indexOf(year) >= 0; });
    var s = { query: query, results: [], complete: false };
    s.fill = function (need) {
      if (s.results.length >= need || !todo.length) {
        s.complete = !todo.length;
        return Promise.resolve();
      }
      var part = todo.shift();
      return merge(pf, part).then(function () {
        var only = Object.assign({}, filters);
        if (part.nama) { only[PART_FILTER] = part.nama; }
        return pf.search(query || null, { filters: only, sort: SORT });
      }).then(function (found) {
        s.results = s.results.concat(found.results);
        return s.fill(need);
      });
    };
    return s.fill(PAGE).then(function () { return s; });
  }

  /* Most relevant first: every part merged, one search over all of them. */
  function relevant(pf, info, query, filters) {
    return Promise.all(allParts(info).map(function (p) { return merge(pf, p); })).then(function () {
      return pf.search(query || null, { filters: filters });
    }).then(function (found) {
      return { query: query, results: found.results, complete: true, fill: function () { return Promise.resolve(); } };
    });
  }

  /* A labelled <select> of `options` ([value, text] pairs) in the filter box, preset from the
     page address when it names one of the values, that searches again when changed. */
  function addSelect(name, text, options) {
    var label = document.createElement("label");
    label.appendChild(document.createTextNode(text + " "));
    var select = document.createElement("select");
    select.name = name;
    options.forEach(function (pair) {
      var o = document.createElement("option");
      o.value = pair[0];
      o.textContent = pair[1];
      select.appendChild(o);
    });
    if (params.get(name)) {
      select.value = params.get(name);
      if (select.selectedIndex < 0) { select.selectedIndex = 0; } /* a value the list does not have */
    }
    select.addEventListener("change", run);
    label.appendChild(select);
    filterBox.appendChild(label);
    return select;
  }

  /* The order, then one <select> per Pagefind filter (year, category, series) with the count of
     each value. */
  function buildFilters(info) {
    var available = info.saring || {};
    if (!filterBox || filterBox.childElementCount) { return; }
    addSelect("urut", "Urutkan", ORDERS).id = "jdih-cari-urut";
    FILTERS.forEach(function (f) {
      var values = available[f[0]];
      if (!values || !Object.keys(values).length) { return; }
      addSelect(f[0], f[1], [["", "Semua"]].concat(Object.keys(values).sort().reverse().map(function (v) {
        return [v, v + " (" + values[v] + ")"];
      })));
    });
  }

  function chosenOrder() {
    var order = document.getElementById("jdih-cari-urut");
    return order && order.value === "relevan" ? "relevan" : "terbaru";
  }

  function chosenFilters() {
    var out = {};
    if (filterBox) {
      filterBox.querySelectorAll("select").forEach(function (s) { if (s.value && s.name !== "urut") { out[s.name] = s.value; } });
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

  function show(results, current, more) {
    if (!more) { list.textContent = ""; }
    var count = list.childElementCount + results.length;
    var total = current.results.length;
    var what = current.query ? " untuk \u201c" + current.query + "\u201d" : "";
    var order = current.newest ? ", terbaru lebih dulu" : ", paling relevan lebih dulu";
    if (!current.complete) {
      status.textContent = count + " hasil terbaru" + what + " ditampilkan; hasil dari publikasi yang lebih lama dimuat bila diminta.";
    } else if (total) {
      status.textContent = total + " hasil" + what + order + (total > count ? " (" + count + " pertama ditampilkan)" : "") + ".";
    } else {
      status.textContent = "Tidak ada hasil" + what + ".";
    }
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
    moreButton.disabled = false;
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
    moreButton.disabled = true; /* one page at a time: a second click would add the same results */
    return current.fill(from + PAGE).then(function () {
      if (current !== shown) { return null; }
      var slice = current.results.slice(from, from + PAGE);
      return Promise.all(slice.map(function (r) { return r.data(); }));
    }).then(function (data) {
      if (!data || current !== shown) { return; }
      show(data, current, more);
      moreButton.disabled = false;
      var left = current.results.length - list.childElementCount;
      moreButton.hidden = current.complete && left <= 0;
      moreButton.textContent = left >= PAGE || current.complete
        ? "Tampilkan " + Math.min(left, PAGE) + " hasil berikutnya"
        : "Tampilkan hasil berikutnya";
    });
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var order = chosenOrder();
    var mine = ++seq;
    shown = null;
    moreButton.hidden = true;
    clearTimeout(timer);
    if (!query && !Object.keys(filters).length) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Mencari\u2026";
    /* Wait for a pause in typing: every keystroke would otherwise start a search. */
    timer = setTimeout(function () {
      Promise.all([load(), parts()]).then(function (got) {
        if (mine !== seq) { return null; }
        return (order === "relevan" ? relevant : newest)(got[0], got[1], query, filters);
      }).then(function (current) {
        if (!current || mine !== seq) { return null; }
        current.newest = order !== "relevan";
        shown = current;
        return page(current, false);
      }).catch(failed);
    }, DEBOUNCE);
  }

  moreButton.addEventListener("click", function () {
    if (shown) { page(shown, true).catch(failed); }
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  input.addEventListener("input", run);
  /* Pagefind (engine, WebAssembly, the newest part's metadata) is fetched on the first use of the form. */
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  var q = params.get("q");
  if (q) { input.value = q; }
  /* The filter lists come from jdih-cari.json (a few hundred bytes), not from Pagefind. */
  parts().then(buildFilters).then(function () { if (q || Object.keys(chosenFilters()).length) { run(); } }, failed);
})();
