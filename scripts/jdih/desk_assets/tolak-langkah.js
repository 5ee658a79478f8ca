// Meja kerja di GitHub: langkah SOP yang bukan hak orang yang masuk ditolak di peramban, SEBELUM
// permintaannya sampai ke GitHub, dengan pesan berbahasa Indonesia di layar.
//
// Loaded before Decap. Decap's GitHub backend sends every API call through window.fetch
// (decap-cms-lib-util unsentRequest.performRequest; no XMLHttpRequest for the REST API), so wrapping fetch
// sees the three requests that are SOP steps:
//   - PUT/POST {api}/repos/{repo}/issues/{n}/labels with a new "decap-cms/<status>" label: a board move
//     (status menu or drag); allowed iff the person holds the role of the step into that column;
//   - PUT {api}/repos/{repo}/pulls/{n}/merge: Publish, the approval;
//   - any write while the editor shows a new entry (#/collections/<c>/new): the first save opens the
//     cms/ branch and pull request, the disposisi;
//   - PATCH {api}/repos/{repo}/pulls/{n} with {"state": "closed"}: Decap's "Batalkan konten" (it then deletes
//     the branch), the cancellation. For a pull request that adds a post, the reason is asked here and posted
//     as the Kasubbag's comment first, which is where `jdih github catat-batal` reads it.
// The rules, the people (GitHub login -> roles) and the wording come from config.json (`langkah`),
// generated from sop/ by jdih.desk.github_admin.step_rules with the refusal texts CI uses
// (jdih.forge.decap, `jdih github papan`). A refused request gets a 403 answer in GitHub's error shape
// without anything being sent, so Decap shows its own (Indonesian) failure toast and keeps the card where
// it was. This is a convenience: CI stays the authority for moves made outside the desk.
(function () {
  'use strict';

  var originalFetch = window.fetch.bind(window);
  var settingsPromise = null;
  var logins = {}; // Authorization header -> Promise of the login
  var cardLabels = {}; // pull request number -> its decap-cms/* label ('' for none), from GitHub's answers
  var heads = {}; // pull request number -> {base: ref, head: sha}, from the same answers
  var refusals = []; // the messages of the refused requests (see the unhandledrejection listener below)

  function settings() {
    if (!settingsPromise) {
      // Without its settings the page cannot start anyway (meja-github.js reads the same answer): pass through.
      settingsPromise = originalFetch('config.json', { credentials: 'same-origin' }).then(function (r) {
        return r.json();
      }).catch(function () { return {}; });
    }
    return settingsPromise;
  }
  // One download of config.json for the page: meja-github.js starts Decap from this same answer.
  window.JDIH_SETTINGS = settings();

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function apiRoot(config) {
    return String((config.decap.backend && config.decap.backend.api_root) || 'https://api.github.com')
      .replace(/\/+$/, '');
  }

  // The path under /repos/<repo>/ of a request to the configured API, or null for any other request.
  function repoPath(config, url) {
    var prefix = (apiRoot(config) + '/repos/' + config.decap.backend.repo + '/').toLowerCase();
    var bare = url.split('?')[0];
    return bare.toLowerCase().indexOf(prefix) === 0 ? bare.slice(prefix.length) : null;
  }

  function header(headers, name) {
    if (!headers) return '';
    if (typeof headers.get === 'function') return headers.get(name) || '';
    var wanted = name.toLowerCase();
    for (var key in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, key) && key.toLowerCase() === wanted) {
        return String(headers[key]);
      }
    }
    return '';
  }

  // The signed-in login for the token of this request: Decap's own GET /user answer when it was seen,
  // else asked once with the same token.
  function loginFor(config, auth) {
    if (!auth) return Promise.resolve('');
    if (!logins[auth]) {
      logins[auth] = originalFetch(apiRoot(config) + '/user', { headers: { Authorization: auth } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (user) { return String(user.login || ''); }, function () { delete logins[auth]; return ''; });
    }
    return logins[auth];
  }

  function remember(rules, body) {
    var prs = Array.isArray(body) ? body : [body];
    prs.forEach(function (pr) {
      if (!pr || typeof pr.number !== 'number' || !Array.isArray(pr.labels)) return;
      var label = pr.labels.map(function (l) { return l && l.name; }).filter(function (name) {
        return typeof name === 'string' && name.indexOf(rules.labelPrefix) === 0;
      })[0];
      cardLabels[pr.number] = label || '';
      if (pr.base && pr.head && pr.base.ref && pr.head.sha) heads[pr.number] = { base: pr.base.ref, head: pr.head.sha };
    });
  }

  // Watch GitHub's answers for what the checks need: the login behind a token and each card's label. Read
  // before Decap gets the answer: a new pull request's first label follows right after its creation.
  function observe(config, url, init, response) {
    var method = String((init && init.method) || 'GET').toUpperCase();
    var root = apiRoot(config).toLowerCase();
    var bare = url.split('?')[0].toLowerCase();
    var sub = repoPath(config, url);
    var isUser = bare === root + '/user' && method === 'GET';
    var isPull = sub !== null && /^pulls(\/\d+)?$/.test(sub) && (method === 'GET' || method === 'POST');
    if (!response.ok || !(isUser || isPull)) return Promise.resolve();
    return response.clone().json().then(function (body) {
      if (isUser && body && body.login) {
        var auth = header(init && init.headers, 'Authorization');
        if (auth) logins[auth] = Promise.resolve(String(body.login));
      } else if (isPull) {
        remember(config.langkah, body);
      }
    }, function () {});
  }

  // The card's label now: as GitHub last answered it to Decap, else asked (undefined when unknown: a move).
  function cardLabel(config, number, auth) {
    if (Object.prototype.hasOwnProperty.call(cardLabels, number)) return Promise.resolve(cardLabels[number]);
    var url = apiRoot(config) + '/repos/' + config.decap.backend.repo + '/pulls/' + number;
    return originalFetch(url, { headers: { Authorization: auth } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (pr) { if (pr) remember(config.langkah, pr); return cardLabels[number]; },
        function () { return undefined; });
  }

  // Whether the pull request adds a post file (a new entry: closing it is the post's cancellation) rather
  // than changing one on main (closing it only discards the change).
  function addsPost(config, number, auth) {
    var known = heads[number] ? Promise.resolve(heads[number]) : cardLabel(config, number, auth).then(function () {
      return heads[number];
    });
    var folder = String(config.decap.collections[0].folder || '').replace(/\/+$/, '') + '/';
    return known.then(function (refs) {
      if (!refs) return true; // unknown: treat it as the cancellation, which needs the role and a reason
      var url = apiRoot(config) + '/repos/' + config.decap.backend.repo + '/compare/' +
        encodeURIComponent(refs.base) + '...' + refs.head;
      return originalFetch(url, { headers: { Authorization: auth } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (diff) {
          if (!diff || !Array.isArray(diff.files)) return true;
          return diff.files.some(function (f) {
            return f && f.status === 'added' && String(f.filename).indexOf(folder) === 0 &&
              /\/index\.md$/.test(String(f.filename));
          });
        }, function () { return true; });
    });
  }

  // Decap's "Batalkan konten": allowed to the cancellation's role; for a new post only with a reason, which
  // is posted as a comment before the pull request is closed.
  function cancellation(config, login, number, auth) {
    var rules = config.langkah;
    var refusal = judge(config, login, 'batal', rules.batal, {});
    if (refusal) return Promise.resolve(refusal);
    return addsPost(config, number, auth).then(function (isNew) {
      if (!isNew) return null;
      var reason = String(window.prompt(rules.pesan.alasanBatal, '') || '').trim();
      if (!reason) {
        return { full: fill(rules.pesan.batal, { login: login, alasan: rules.pesan.tanpaAlasan }),
          short: rules.pesan.tanpaAlasan };
      }
      var url = apiRoot(config) + '/repos/' + config.decap.backend.repo + '/issues/' + number + '/comments';
      return originalFetch(url, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: reason }),
      }).then(function (r) { return r.status; }, function () { return 'tanpa jawaban'; }).then(function (status) {
        if (status === 201) return null;
        var why = fill(rules.pesan.komentarGagal, { status: status });
        return { full: fill(rules.pesan.batal, { login: login, alasan: why }), short: why };
      });
    });
  }

  function hasRole(person, rule) {
    return person.peran.some(function (role) { return rule.peran.indexOf(role) >= 0; });
  }

  // Why the step is refused (the full message for the banner and the short one for Decap's toast), or null.
  function judge(config, login, kind, rule, values) {
    var rules = config.langkah;
    var person = rules.orang[login.toLowerCase()];
    var reason = null;
    if (!person) reason = fill(rules.pesan.takTerdaftar, { login: login || '?' });
    else if (!hasRole(person, rule)) reason = rule.ditolak;
    else if (rule.alasan) reason = rule.alasan;
    if (reason === null) return null;
    var all = Object.assign({ login: login || '?', alasan: reason }, values);
    return { full: fill(rules.pesan[kind], all), short: reason };
  }

  function refusalFor(config, login, method, sub, init) {
    var rules = config.langkah;
    var m = /^issues\/(\d+)\/labels$/.exec(sub);
    if (m && (method === 'PUT' || method === 'POST')) {
      var body;
      try { body = JSON.parse((init && init.body) || '{}'); } catch (e) { return null; }
      var names = (Array.isArray(body) ? body : body.labels || []).map(function (l) {
        return typeof l === 'string' ? l : l && l.name;
      });
      var target = names.filter(function (n) { return typeof n === 'string' && n.indexOf(rules.labelPrefix) === 0; })[0];
      if (!target) return null;
      var status = target.slice(rules.labelPrefix.length);
      var rule = rules.kolom[status];
      if (!rule) return null; // a column no single SOP step leads into: CI decides
      return cardLabel(config, Number(m[1]), header(init && init.headers, 'Authorization')).then(function (current) {
        // The first label of a new pull request is Decap's initial column, not a move; nor is the same column.
        if (current === '' || current === target) return null;
        return judge(config, login, 'pindah', rule, { tujuan: config.kolom[status] || status });
      });
    }
    if (/^pulls\/\d+\/merge$/.test(sub) && method === 'PUT') return judge(config, login, 'setuju', rules.setuju, {});
    var pull = /^pulls\/(\d+)$/.exec(sub);
    if (pull && method === 'PATCH') {
      var change;
      try { change = JSON.parse((init && init.body) || '{}'); } catch (e) { change = {}; }
      if (change && change.state === 'closed') {
        return cancellation(config, login, Number(pull[1]), header(init && init.headers, 'Authorization'));
      }
    }
    if (method !== 'GET' && method !== 'HEAD' && /^#\/collections\/[^/]+\/new(\?|$)/.test(window.location.hash)) {
      return judge(config, login, 'baru', rules.disposisi, {});
    }
    return null;
  }

  function banner(config, message) {
    var rules = config.langkah;
    var old = document.getElementById('jdih-tolak');
    if (old) old.remove();
    var box = document.createElement('div');
    box.id = 'jdih-tolak';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;top:72px;left:50%;transform:translateX(-50%);z-index:100000;' +
      'max-width:720px;width:calc(100% - 32px);box-sizing:border-box;background:#fde8e8;color:#5c0000;' +
      'border:2px solid #8b0000;border-radius:6px;padding:12px 16px;font:15px/1.45 sans-serif;' +
      'box-shadow:0 4px 16px rgba(0,0,0,.25)';
    var title = document.createElement('strong');
    title.textContent = rules.pesan.judul;
    title.style.cssText = 'display:block;font-size:16px;margin-bottom:4px';
    var text = document.createElement('p');
    text.textContent = message;
    text.style.margin = '0 0 8px';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = rules.pesan.tutup;
    close.style.cssText = 'background:#8b0000;color:#fff;border:0;border-radius:4px;padding:5px 12px;cursor:pointer';
    close.addEventListener('click', function () { box.remove(); });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  function refused(message) {
    return new Response(JSON.stringify({ message: message, documentation_url: 'sop/alur.yml' }), {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
  }

  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : input && input.url ? input.url : String(input);
    var opts = init || (typeof input === 'object' && input && input.method ? input : undefined);
    var method = String((opts && opts.method) || 'GET').toUpperCase();
    var self = this;
    var args = arguments;
    // config.json itself and every other origin go straight through.
    if (!/^https?:/i.test(url)) return originalFetch.apply(self, args);
    return settings().then(function (config) {
      if (!config.langkah || !config.decap || !config.decap.backend) return originalFetch.apply(self, args);
      var sub = repoPath(config, url);
      var check = sub === null || method === 'GET' ? Promise.resolve(null)
        : loginFor(config, header(opts && opts.headers, 'Authorization')).then(function (login) {
          return refusalFor(config, login, method, sub, opts);
        });
      return check.then(function (refusal) {
        if (refusal) {
          refusals.push(refusal.short);
          banner(config, refusal.full);
          return refused(refusal.short);
        }
        return originalFetch.apply(self, args).then(function (response) {
          return observe(config, url, opts, response).then(function () { return response; });
        });
      });
    });
  };

  // Decap rejects a failed save with its failure action and leaves it unhandled (an "Uncaught (in promise)
  // Object" in the console); for a save this page refused, the refusal is already on screen.
  window.addEventListener('unhandledrejection', function (event) {
    var error = event.reason && event.reason.error;
    if (error && error.name === 'API_ERROR' && refusals.indexOf(error.message) >= 0) event.preventDefault();
  });

  // Decap shows a failed request as "API_ERROR: <pesan>" (String(error)); the message of a refusal (and of
  // GitHub's own errors) is what the person needs, so only the message is shown.
  var toString = Error.prototype.toString;
  Error.prototype.toString = function () {
    return this && this.name === 'API_ERROR' ? String(this.message) : toString.call(this);
  };
})();
