/* Material for MkDocs helpers (__md_scope, __md_get, __md_set), identical to its inline script,
   served as a file so the Content-Security-Policy can forbid inline scripts. */
(function () {
  var el = document.currentScript;
  var scope = (el && el.getAttribute("data-scope")) || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) { return [].concat(Array.from(e)).reduce(function (a, c) { return (a << 5) - a + c.charCodeAt(0); }, 0); };
  window.__md_get = function (e, s, t) { s = s || localStorage; t = t || window.__md_scope; return JSON.parse(s.getItem(t.pathname + "." + e)); };
  window.__md_set = function (e, v, s, t) { s = s || localStorage; t = t || window.__md_scope; try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (x) { /* storage full or blocked */ } };
})();
