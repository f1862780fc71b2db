/* Offline (issue 7): the app installs, the pages she loaded open with no network (sw.js),
   and what she logs offline is kept on the phone (IndexedDB) with its client-made id, then
   sent through the same forms when the network returns: the ids make every retry safe.
   A stop sign reported offline shows the stop screen at once, from /triage.json, which
   the server computes from the engine's own table. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.indexedDB || !window.fetch) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  var box = document.querySelector("[data-outbox]");
  if (!box) return;  // logged out, or not a mother: nothing is kept or sent
  var me = box.dataset.me, KINDS = { "/today/sets": "set", "/checkin": "checkin", "/wrong": "symptom", "/check": "symptom" };
  var WORDS = { set: ["set", "sets"], checkin: ["check-in", "check-ins"], symptom: ["symptom report", "symptom reports"] };
  var failed = 0, sent = 0, sending = false;

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }
  function localDay() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }
  function store(mode, work) {
    return new Promise(function (ok, ko) {
      var open = indexedDB.open("comeback", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("outbox", { keyPath: "client_id" }); };
      open.onerror = function () { ko(open.error); };
      open.onsuccess = function () {
        var t = open.result.transaction("outbox", mode), req = work(t.objectStore("outbox"));
        t.oncomplete = function () { open.result.close(); ok(req && req.result); };
        t.onerror = function () { open.result.close(); ko(t.error); };
      };
    });
  }
  function mine() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (x) { return x.owner === me; })
        .sort(function (a, b) { return a.saved_at - b.saved_at; });
    });
  }
  function show() {
    return mine().then(function (items) {
      var counts = {}, parts = [];
      items.forEach(function (x) { counts[x.kind] = (counts[x.kind] || 0) + 1; });
      Object.keys(WORDS).forEach(function (k) { if (counts[k]) parts.push(counts[k] + " " + WORDS[k][counts[k] > 1 ? 1 : 0]); });
      box.dataset.count = items.length;
      var text = items.length ? "Saved on this phone, not yet sent: " + parts.join(", ") + ". It will be sent when you are back online."
        : sent ? "Sent: everything saved on this phone has reached Comeback." : "";
      if (failed) text += " " + failed + " could not be saved by Comeback: please log " + (failed > 1 ? "them" : "it") + " again.";
      box.textContent = text; box.hidden = !text;
    });
  }

  // Fresh ids for this render: a page opened from the phone's copy must not reuse the last
  // ids (the server would take a new set for a retry of the old one).
  function freshIds() {
    document.querySelectorAll("form").forEach(function (f) {
      if (KINDS[f.getAttribute("action")] && f.elements.id) f.elements.id.value = uuid();
    });
  }
  freshIds();

  var lastUrl = "/today";
  function send(item, token) {
    var body = new URLSearchParams(item.fields);
    body.set("csrf_token", token);
    return fetch(item.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      lastUrl = r.url;
      if (r.ok && r.redirected && new URL(r.url).pathname !== "/login") return "sent";
      if (r.status === 422) return "rejected";
      return "later";  // logged out, an old token, a server error: keep it and try again
    });
  }
  function sync() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    return mine().then(function (items) {
      if (!items.length) return;
      return fetch("/offline/csrf", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (t) {
        return items.reduce(function (chain, item) {
          return chain.then(function (go) {
            if (!go) return false;
            return send(item, t.csrf_token).then(function (result) {
              if (result === "later") return false;
              if (result === "rejected") failed += 1; else sent += 1;
              return store("readwrite", function (s) { return s.delete(item.client_id); }).then(function () { return true; });
            });
          });
        }, Promise.resolve(true));
      });
    }).catch(function () { /* still no network: everything stays on the phone */ })
      .then(function () { sending = false; return show(); });
  }

  function triage() {
    return fetch("/triage.json").then(function (r) { return r.json(); });
  }
  // The reports a form makes, as [code, severity] pairs, from the server's own table.
  function reports(form, t) {
    var v = function (n) { var e = form.elements[n]; return e ? e.value : ""; };
    if (form.getAttribute("action") === "/wrong") return v("code") ? [[v("code"), +v("severity") || 0]] : [];
    var found = [];
    Object.keys(t.check).forEach(function (name) {
      var key = name === "pain" ? v("pain") + "|" + v("pain_where") : v(name);
      found = found.concat(t.check[name][key] || []);
    });
    return found;
  }
  function stopHere(label) {  // no saved stop screen on this phone: say it here, plainly
    var main = document.getElementById("main");
    main.innerHTML = "";
    var h = document.createElement("h1"), p = document.createElement("p");
    h.textContent = "Stop training now"; h.className = "level-stop";
    p.textContent = (label ? label + ". " : "") + "Rest, and contact your midwife, GP or physiotherapist. If you are in danger or very unwell, call your emergency number now.";
    main.appendChild(h); main.appendChild(p); h.tabIndex = -1; h.focus();
  }
  function afterReport(form) {
    return triage().then(function (t) {
      var worst = null;
      reports(form, t).forEach(function (r) {
        var level = (t.levels[r[0]] || [])[r[1] || 0];
        if (level && (!worst || t.rank.indexOf(level) < t.rank.indexOf(worst.level))) worst = { code: r[0], level: level };
      });
      if (!worst) return location.assign("/today");
      if (t.stop_levels.indexOf(worst.level) < 0) return location.assign("/today?noted=" + worst.code);
      return caches.match("/stop/" + worst.code).then(function (hit) {
        if (hit) location.assign("/stop/" + worst.code); else stopHere(t.labels[worst.code]);
      });
    }, function () { stopHere(""); });  // no table on the phone: err on the side of stopping
  }
  function kept(form, kind) {
    if (kind === "symptom") return afterReport(form);
    var note = form.querySelector("[data-kept]") || document.createElement("p");
    note.setAttribute("data-kept", ""); note.setAttribute("role", "status"); note.className = "notice";
    note.textContent = kind === "set" ? "Set saved on this phone. It will be sent when you are back online." : "Check-in saved on this phone. It will be sent when you are back online.";
    form.insertBefore(note, form.firstChild);
    if (form.elements.id) form.elements.id.value = uuid();
  }

  // Offline nobody can answer "choose what you feel": say it beside the question here.
  function gap(form, t) {
    var v = function (n) { return form.elements[n] ? form.elements[n].value : ""; };
    if (form.getAttribute("action") === "/wrong") {
      if (!v("code")) return ["f-code", "Choose what you feel"];
      return t.pain_codes.indexOf(v("code")) >= 0 && !v("severity") ? ["f-severity", "Choose how bad the pain is, 1 to 10"] : null;
    }
    var open = Object.keys(t.check).filter(function (n) { return n !== "pain" && !v(n); })[0];
    if (open) return ["f-" + open, open === "bleeding" ? "Choose one" : "Answer yes or no"];
    return +v("pain") > 0 && !v("pain_where") ? ["f-pain_where", "Choose where it hurts"] : null;
  }
  function missing(form, t) {
    var found = gap(form, t), where = found && document.getElementById(found[0]), p = document.createElement("p");
    form.querySelectorAll("[data-offline-error]").forEach(function (e) { e.remove(); });
    if (!where) return true;
    p.className = "error"; p.setAttribute("role", "alert"); p.setAttribute("data-offline-error", ""); p.textContent = found[1];
    where.appendChild(p); where.scrollIntoView();
    return false;
  }
  function checked(form, then) {  // the table is on the phone; without it, keep the report
    if (navigator.onLine || KINDS[form.getAttribute("action")] !== "symptom") return then();
    triage().then(function (t) { if (missing(form, t)) then(); }, then);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, action = form.getAttribute("action"), kind = KINDS[action];
    if (!kind || form.method.toLowerCase() !== "post" || form.dataset.native) return;
    event.preventDefault();
    var fields = [], by = event.submitter;
    new FormData(form).forEach(function (value, name) { if (typeof value === "string") fields.push([name, value]); });
    if (by && by.name) fields.push([by.name, by.value]);
    function native() {  // post the form as usual: the server's page names any wrong field
      form.dataset.native = "1";
      if (form.requestSubmit) form.requestSubmit(by || undefined); else form.submit();
    }
    checked(form, function () { keep(form, kind, action, fields, native); });
  });
  function keep(form, kind, action, fields, native) {
    if (kind !== "checkin" && !form.elements.date) fields.push(["date", localDay()]);
    var id = kind === "checkin" ? "checkin:" + (form.elements.date ? form.elements.date.value : localDay()) : form.elements.id.value;
    var item = { client_id: id, kind: kind, action: action, fields: fields, owner: me, saved_at: Date.now() };
    store("readwrite", function (s) { return s.put(item); }).then(function () {
      if (!navigator.onLine) return show().then(function () { return kept(form, kind); });
      return send(item, form.elements.csrf_token.value).then(function (result) {
        if (result === "later") throw new Error("later");
        return store("readwrite", function (s) { return s.delete(item.client_id); }).then(function () {
          if (result === "rejected") return native();
          return fetchAndGo(item);
        });
      }).catch(function () { return show().then(function () { kept(form, kind); setTimeout(sync, 3000); }); });
    }, native);  // no storage on this phone
  }
  function fetchAndGo(item) {  // where the server sent her (the set's card for a set)
    var exercise = item.fields.filter(function (f) { return f[0] === "exercise"; })[0];
    var target = lastUrl + (item.kind === "set" && exercise ? "#card-" + exercise[1] : "");
    if (target.split("#")[0] === location.href.split("#")[0]) { location.hash = target.split("#")[1] || ""; location.reload(); }
    else location.assign(target);
  }

  window.addEventListener("online", sync);
  show().then(sync);

  // While online, ask the worker to keep what she may need offline: today's follow-along
  // pages, the check-in, the checks and every stop screen.
  if (navigator.onLine) navigator.serviceWorker.ready.then(function (reg) {
    var urls = [].map.call(document.querySelectorAll('a[href^="/today/follow/"]'), function (a) { return a.getAttribute("href"); });
    var last = +(localStorage.getItem("comeback-warm") || 0);
    if (Date.now() - last > 15 * 60000) {
      localStorage.setItem("comeback-warm", String(Date.now()));
      urls = urls.concat(["/today", "/checkin", "/wrong", "/check", "/check?when=after", "/triage.json"]);
      return triage().then(function (t) {
        Object.keys(t.levels).forEach(function (code) { urls.push("/stop/" + code); });
        if (reg.active) reg.active.postMessage({ warm: urls });
      });
    }
    if (urls.length && reg.active) reg.active.postMessage({ warm: urls });
  }).catch(function () {});
})();
