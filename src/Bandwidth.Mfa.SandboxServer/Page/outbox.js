// The sandbox's outbox page: plain script, no build step, no dependencies.
// Every value from the server (message texts come from callers and may hold HTML) is put in with textContent or other
// DOM APIs, never as markup.
(function () {
  "use strict";

  var api = "sandbox/api/";
  var byId = function (id) { return document.getElementById(id); };

  var state = {
    outbox: null,       // the last answer of GET /sandbox/api/outbox
    skewMs: 0,          // server clock minus this browser's clock, from the outbox's "now"
    rendered: -1,       // the version of the outbox on screen
    inFlight: false,    // a fetch of the outbox is running
    again: false,       // a change arrived while it ran: fetch once more after it
    source: null,       // the EventSource
    retryTimer: 0,
    lockoutRefreshAt: 0, // the lockout end that already asked for a refresh
    seen: null           // the ids of the messages on screen
  };

  // ---- small DOM helpers -------------------------------------------------------------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        var value = attributes[name];
        if (value === null || value === undefined || value === false) { return; }
        if (name === "text") { node.textContent = String(value); }
        else if (name === "className") { node.className = value; }
        else { node.setAttribute(name, String(value)); }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function setText(id, value) { byId(id).textContent = value; }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function timeOf(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return el("span", { text: String(iso) }); }
    var now = new Date();
    var clock = pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
    var sameDay = date.toDateString() === now.toDateString();
    var text = sameDay ? clock : date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " + clock;
    return el("time", { datetime: date.toISOString(), title: date.toString(), text: text });
  }

  function digits(value) { return String(value || "").replace(/[^0-9]/g, ""); }

  function duration(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return (h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
  }

  function spoken(seconds) {
    if (!(seconds > 0)) { return "0 s"; }
    if (seconds % 3600 === 0) { return seconds / 3600 + " h"; }
    if (seconds % 60 === 0) { return seconds / 60 + " min"; }
    return seconds + " s";
  }

  function serverNow() { return Date.now() + state.skewMs; }

  function showError(text) { setText("error", text || ""); }

  // ---- the filter --------------------------------------------------------------------------------------------------

  function filterDigits() { return digits(byId("filter").value); }

  function matches(to) {
    var wanted = filterDigits();
    return wanted === "" || digits(to).indexOf(wanted) !== -1;
  }

  // ---- rendering ---------------------------------------------------------------------------------------------------

  function replaceRows(bodyId, emptyId, rows, emptyText) {
    var body = byId(bodyId);
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.replaceChildren(fragment);
    var empty = byId(emptyId);
    empty.hidden = rows.length > 0;
    empty.textContent = emptyText;
    body.closest("table").hidden = rows.length === 0;
  }

  function messageRow(m) {
    var voice = m.channel === "voice";
    return el("tr", { "data-testid": "message-row", "data-id": m.id, "data-to": m.to, "data-channel": m.channel, className: isNew(m.id) ? "new" : null }, [
      el("td", { className: "when" }, [timeOf(m.sentAt)]),
      el("td", { className: "number", text: m.to }),
      el("td", null, [el("span", { className: "badge " + (voice ? "voice" : "sms"), text: voice ? "voice" : "SMS" })]),
      el("td", { className: "scope", text: m.scope }),
      el("td", null, [el("code", { className: "code", "data-testid": "message-code", text: m.code })]),
      el("td", { className: "text" }, [
        el("span", { className: "bubble", "data-testid": "message-text", text: m.text }),
        el("span", { className: "meta", text: "from " + m.from + " · account " + m.accountId })
      ])
    ]);
  }

  // Rows that arrived since the last render are highlighted briefly (not on the first load, not on a re-render).
  function isNew(id) { return state.seen !== null && !state.seen[id]; }

  function remember(messages) {
    var seen = {};
    messages.forEach(function (m) { seen[m.id] = true; });
    state.seen = seen;
  }

  var resultLabels = { valid: "valid", invalid: "wrong code", lockedOut: "locked out" };

  function verificationRow(v) {
    var detail = v.lockedUntil ? el("span", { className: "meta" }, ["locked until ", timeOf(v.lockedUntil)]) : null;
    return el("tr", { "data-testid": "verification-row", "data-to": v.to, "data-result": v.result }, [
      el("td", { className: "when" }, [timeOf(v.verifiedAt)]),
      el("td", { className: "number", text: v.to }),
      el("td", { className: "scope", "data-label": "scope", text: v.scope }),
      el("td", null, [el("span", { className: "badge result-" + v.result, "data-testid": "verification-result", text: resultLabels[v.result] || v.result }), detail]),
      el("td", { className: "num", "data-label": "wrong tries", text: v.failedAttempts })
    ]);
  }

  function lockoutRow(l) {
    return el("tr", { "data-testid": "lockout-row", "data-to": l.to }, [
      el("td", { className: "number", text: l.to }),
      el("td", { "data-label": "account", text: l.accountId }),
      el("td", { className: "num", "data-label": "wrong tries", text: l.failedAttempts }),
      el("td", { className: "when", "data-label": "until" }, [timeOf(l.until)]),
      el("td", { "data-label": "left" }, [el("span", { className: "countdown", "data-testid": "lockout-countdown", "data-until": l.until, text: "" })]),
      el("td", { className: "action" }, [el("button", {
        type: "button", className: "small", "data-testid": "lockout-unlock", "data-to": l.to, "data-account": l.accountId,
        "aria-label": "Unlock " + l.to + " (account " + l.accountId + ")", text: "Unlock"
      })])
    ]);
  }

  function render() {
    var outbox = state.outbox;
    if (!outbox) { return; }
    var filtering = filterDigits() !== "";
    var messages = outbox.messages.filter(function (m) { return matches(m.to); });
    var verifications = outbox.verifications.filter(function (v) { return matches(v.to); });
    var lockouts = outbox.lockouts.filter(function (l) { return matches(l.to); });

    replaceRows("messages-body", "messages-empty", messages.map(messageRow),
      filtering ? "No message to a number that matches the filter." : "No messages yet. Send a code with your client and it appears here.");
    remember(outbox.messages);
    replaceRows("verifications-body", "verifications-empty", verifications.map(verificationRow),
      filtering ? "No verification attempt for a number that matches the filter." : "No verification attempts yet.");
    replaceRows("lockouts-body", "lockouts-empty", lockouts.map(lockoutRow), "No number is locked out.");
    tick();

    setText("pending-failures", String(outbox.pendingFailures));
    byId("pending-failures").parentNode.classList.toggle("armed", outbox.pendingFailures > 0);
    byId("failure-cancel").disabled = outbox.pendingFailures === 0;

    var counts = messages.length + " of " + outbox.messages.length + " messages, " +
      verifications.length + " of " + outbox.verifications.length + " verifications";
    setText("counts", filtering ? counts : outbox.messages.length + " messages, " + outbox.verifications.length + " verifications");
    document.body.setAttribute("data-version", String(outbox.version));
  }

  // Counts the cool-downs down once a second; when one ends, the lockout list is asked for again (no change event
  // comes when time passes).
  function tick() {
    var now = serverNow();
    var ended = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".countdown"), function (node) {
      var until = Date.parse(node.getAttribute("data-until"));
      var left = until - now;
      node.textContent = left > 0 ? duration(left) : "over";
      node.classList.toggle("over", left <= 0);
      if (left <= 0) { ended = Math.max(ended, until); }
    });
    if (ended > state.lockoutRefreshAt) {
      state.lockoutRefreshAt = ended;
      refresh();
    }
  }

  // ---- loading -----------------------------------------------------------------------------------------------------

  function getJson(path) {
    return fetch(path, { cache: "no-store", headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error((body && body.error) || ("HTTP " + response.status)); }
        return body;
      });
    });
  }

  function postJson(path, body) {
    return fetch(path, {
      method: "POST",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = {};
        try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
        if (!response.ok) { throw new Error(json.error || ("HTTP " + response.status)); }
        return json;
      });
    });
  }

  // Fetches the outbox. While one fetch runs, further calls only ask for one more fetch after it, so the last change
  // is never lost and bursts cost at most two requests.
  function refresh(version) {
    if (typeof version === "number" && version <= state.rendered && !state.inFlight) { return; }
    if (state.inFlight) { state.again = true; return; }
    state.inFlight = true;
    state.again = false;
    var started = Date.now();
    getJson(api + "outbox").then(function (outbox) {
      var arrived = Date.now();
      state.skewMs = Date.parse(outbox.now) - (started + arrived) / 2;
      if (isNaN(state.skewMs)) { state.skewMs = 0; }
      // Fetches run one at a time, so each answer is at least as new as the one on screen.
      state.outbox = outbox;
      state.rendered = outbox.version;
      render();
      showError("");
    }, function (error) {
      showError("Could not read the outbox: " + error.message);
    }).then(function () {
      state.inFlight = false;
      if (state.again) { refresh(); }
    });
  }

  function loadInfo() {
    getJson(api + "info").then(function (info) {
      setText("info-base-url", info.baseUrl);
      setText("info-token-url", info.tokenUrl);
      setText("info-accepting", info.accepting);
      setText("info-lockout", "after " + info.maxFailedVerifications + " wrong codes, for " + spoken(Number(info.coolDownSeconds)));
      setText("info-history", info.historyLimit > 0 ? "the last " + info.historyLimit + " messages and attempts" : "everything since the start");
      setText("info-version", "Bandwidth.Mfa.SandboxServer " + info.version);
    }, function (error) {
      showError("Could not read the server info: " + error.message);
    });
  }

  // ---- live updates ------------------------------------------------------------------------------------------------

  function setLive(stateName, text) {
    var node = byId("live-status");
    node.setAttribute("data-state", stateName);
    setText("live-text", text);
  }

  function connect() {
    if (state.source) { state.source.close(); }
    var source = new EventSource("sandbox/events");
    state.source = source;
    var wasDown = false;
    source.onopen = function () {
      setLive("live", "live");
      if (wasDown) {
        // Perhaps a new server on the same port: its versions start again from zero.
        state.rendered = -1;
        loadInfo();
      }
      wasDown = false;
    };
    source.addEventListener("change", function (event) {
      setLive("live", "live");
      var version;
      try { version = JSON.parse(event.data).version; } catch (e) { version = undefined; }
      refresh(version);
    });
    source.onerror = function () {
      wasDown = true;
      setLive("reconnecting", "reconnecting…");
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (for example the server answered with an error): start again a little later.
        clearTimeout(state.retryTimer);
        state.retryTimer = setTimeout(connect, 2000);
      }
    };
  }

  // ---- controls ----------------------------------------------------------------------------------------------------

  function showKindFields() {
    var kind = byId("failure-kind").value;
    Array.prototype.forEach.call(document.querySelectorAll("[data-kinds]"), function (label) {
      var shown = label.getAttribute("data-kinds").split(" ").indexOf(kind) !== -1;
      label.hidden = !shown;
      Array.prototype.forEach.call(label.querySelectorAll("input"), function (input) { input.disabled = !shown; });
    });
    byId("failure-status").required = kind === "status";
  }

  function numberField(id) {
    var input = byId(id);
    if (input.disabled || input.value.trim() === "") { return undefined; }
    return Number(input.value);
  }

  function textField(id) {
    var input = byId(id);
    if (input.disabled || input.value === "") { return undefined; }
    return input.value;
  }

  function addFailure(event) {
    event.preventDefault();
    var operation = byId("failure-operation").value;
    var request = {
      failure: byId("failure-kind").value,
      times: numberField("failure-times") === undefined ? 1 : numberField("failure-times"),
      operation: operation === "any" ? null : operation,
      retryAfterSeconds: numberField("failure-retry-after"),
      maxWaitSeconds: numberField("failure-max-wait"),
      status: numberField("failure-status"),
      body: textField("failure-body"),
      contentType: textField("failure-content-type"),
      afterProcessing: byId("failure-after-processing").disabled ? undefined : byId("failure-after-processing").checked
    };
    var message = byId("failure-message");
    message.classList.remove("error");
    postJson(api + "failures", request).then(function (answer) {
      message.textContent = "Queued: " + answer.description + (request.times > 1 ? " × " + request.times : "") +
        ". Pending now: " + answer.pendingFailures + ".";
      refresh();
    }, function (error) {
      message.classList.add("error");
      message.textContent = "Not queued: " + error.message;
    });
  }

  function post(path, done) {
    return postJson(api + path).then(function () {
      if (done) { done(); }
      refresh();
    }, function (error) { showError(error.message); });
  }

  // Unlock forgets the number's wrong codes for that account: the lockout ends now and its next verification counts.
  function unlock(event) {
    var button = event.target.closest("[data-testid='lockout-unlock']");
    if (!button) { return; }
    var to = button.getAttribute("data-to");
    var message = byId("lockouts-message");
    button.disabled = true;
    message.classList.remove("error");
    postJson(api + "numbers/" + encodeURIComponent(to) + "/unlock?accountId=" + encodeURIComponent(button.getAttribute("data-account")))
      .then(function (answer) {
        message.textContent = answer.unlocked > 0 ? "Unlocked " + to + "." : to + " was no longer locked out.";
        refresh();
      }, function (error) {
        button.disabled = false;
        message.classList.add("error");
        message.textContent = "Not unlocked: " + error.message;
      });
  }

  function copy(event) {
    var button = event.currentTarget;
    var text = byId(button.getAttribute("data-copy")).textContent;
    var confirm = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(confirm, function () { selectText(button); });
    } else {
      selectText(button);
    }
  }

  function selectText(button) {
    var range = document.createRange();
    range.selectNodeContents(byId(button.getAttribute("data-copy")));
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function applyFilterToUrl() {
    var value = byId("filter").value.trim();
    var url = new URL(window.location.href);
    if (value) { url.searchParams.set("to", value); } else { url.searchParams.delete("to"); }
    window.history.replaceState(null, "", url.toString());
  }

  function start() {
    var initial = new URL(window.location.href).searchParams.get("to");
    if (initial) { byId("filter").value = initial; }
    var onFilter = function () { applyFilterToUrl(); render(); };
    byId("filter").addEventListener("input", onFilter);
    byId("filter").addEventListener("change", onFilter);
    byId("clear").addEventListener("click", function () { post("clear"); });
    byId("lockouts-body").addEventListener("click", unlock);
    byId("failure-cancel").addEventListener("click", function () {
      post("failures/clear", function () {
        var message = byId("failure-message");
        message.classList.remove("error");
        message.textContent = "Pending failures cancelled.";
      });
    });
    byId("failure-kind").addEventListener("change", showKindFields);
    byId("failure-form").addEventListener("submit", addFailure);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      button.addEventListener("click", copy);
    });
    showKindFields();
    loadInfo();
    refresh();
    connect();
    setInterval(tick, 1000);
  }

  start();
})();
