// The sandbox's outbox page: small DOM and text helpers (an ES module), no build step, no dependencies.
// Every value from the server (message texts come from callers and may hold HTML) is put in with textContent or other
// DOM APIs, never as markup.

export function byId(id) { return document.getElementById(id); }

// ---- small DOM helpers -------------------------------------------------------------------------------------------

export function el(tag, attributes, children) {
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

export function setText(id, value) { byId(id).textContent = value; }

export function pad(n) { return n < 10 ? "0" + n : String(n); }

export function timeOf(iso) {
  var date = new Date(iso);
  if (isNaN(date.getTime())) { return el("span", { text: String(iso) }); }
  var now = new Date();
  var clock = pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  var sameDay = date.toDateString() === now.toDateString();
  var text = sameDay ? clock : date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " + clock;
  return el("time", { datetime: date.toISOString(), title: date.toString(), text: text });
}

export function digits(value) { return String(value || "").replace(/[^0-9]/g, ""); }

export function duration(ms) {
  var total = Math.max(0, Math.ceil(ms / 1000));
  var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  return (h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
}

export function spoken(seconds) {
  if (!(seconds > 0)) { return "0 s"; }
  if (seconds % 3600 === 0) { return seconds / 3600 + " h"; }
  if (seconds % 60 === 0) { return seconds / 60 + " min"; }
  return seconds + " s";
}
