// The sandbox's outbox page: plain ES modules, no build step, no dependencies.
// Every value from the server (message texts come from callers and may hold HTML) is put in with textContent or other
// DOM APIs, never as markup.

import { byId, setText, spoken } from "./outbox-dom.js";
import { state, showError, render, tick, onLockoutEnded } from "./outbox-view.js";

var api = "sandbox/api/";

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
  onLockoutEnded(refresh);
  loadInfo();
  refresh();
  connect();
  setInterval(tick, 1000);
}

start();
