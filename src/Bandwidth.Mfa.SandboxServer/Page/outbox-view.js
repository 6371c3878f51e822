// The sandbox's outbox page: the state and the rendering of the outbox (an ES module), no build step, no dependencies.
// Every value from the server (message texts come from callers and may hold HTML) is put in with textContent or other
// DOM APIs, never as markup.

import { byId, el, setText, timeOf, digits, duration } from "./outbox-dom.js";

export var state = {
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

export function serverNow() { return Date.now() + state.skewMs; }

export function showError(text) { setText("error", text || ""); }

// ---- the filter --------------------------------------------------------------------------------------------------

export function filterDigits() { return digits(byId("filter").value); }

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

export function render() {
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
export function tick() {
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
    lockoutEnded();
  }
}

// What to do when a lockout's cool-down ends on screen (the page asks for the outbox again).
var lockoutEnded = function () { };

export function onLockoutEnded(handler) { lockoutEnded = handler; }
