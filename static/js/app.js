// Progressive enhancement only: every page works without this file.
// Words come from the catalogue: base.html renders them into a JSON block (no UI text here).
var I18N = (function () {
  var block = document.getElementById("i18n-data");
  try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
})();
function t(key) { return I18N[key] || ""; }

// Live preview of a letter while the official types (the server renders and escapes it).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("letter-edit");
  var target = document.getElementById("letter-preview");
  if (!form || !target) return;
  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(form.dataset.previewUrl, { method: "POST", body: new FormData(form),
                                       credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) target.innerHTML = html; });
    }, 400);
  });
});

// Date picker that greys out non-working days (the council's calendar). The field stays a
// normal date input: typing and the keyboard work as ever; the grid is an extra help.
document.addEventListener("DOMContentLoaded", function () {
  var inputs = document.querySelectorAll("input[type=date][data-workdays]");
  if (!inputs.length) return;
  var cache = {};
  var names = I18N.weekdays || [];
  var months = I18N.months || [];
  function iso(d) { return d.toISOString().slice(0, 10); }
  function load(year, month) {
    var key = year + "-" + month;
    if (cache[key]) return Promise.resolve(cache[key]);
    var from = iso(new Date(Date.UTC(year, month, 1)));
    var to = iso(new Date(Date.UTC(year, month + 1, 0)));
    return fetch("/calendar/days?from=" + from + "&to=" + to, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { days: {} }; })
      .then(function (data) { cache[key] = data.days; return data.days; });
  }
  inputs.forEach(function (input) {
    var box = document.createElement("div");
    box.className = "workday-picker";
    box.hidden = true;
    input.insertAdjacentElement("afterend", box);
    var shown = new Date();
    var rendering = 0;
    function render() {
      var y = shown.getUTCFullYear(), m = shown.getUTCMonth();
      var mine = ++rendering;
      load(y, m).then(function (days) {
        if (mine !== rendering) return;  // a later month was asked for meanwhile
        box.innerHTML = "";
        var head = document.createElement("div");
        head.className = "wp-head";
        var prev = document.createElement("button"); prev.type = "button"; prev.textContent = "‹";
        prev.setAttribute("aria-label", t("prev_month"));
        var next = document.createElement("button"); next.type = "button"; next.textContent = "›";
        next.setAttribute("aria-label", t("next_month"));
        var title = document.createElement("span");
        title.textContent = months[m] ? months[m] + " " + y : String(m + 1).padStart(2, "0") + "." + y;
        prev.onclick = function () { shown = new Date(Date.UTC(y, m - 1, 1)); render(); };
        next.onclick = function () { shown = new Date(Date.UTC(y, m + 1, 1)); render(); };
        head.append(prev, title, next);
        box.append(head);
        var grid = document.createElement("div");
        grid.className = "wp-grid";
        names.forEach(function (n) { var s = document.createElement("span"); s.className = "wp-name"; s.textContent = n; grid.append(s); });
        var first = new Date(Date.UTC(y, m, 1));
        for (var i = 0; i < (first.getUTCDay() + 6) % 7; i++) grid.append(document.createElement("span"));
        var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
        for (var d = 1; d <= last; d++) {
          var day = iso(new Date(Date.UTC(y, m, d)));
          var info = days[day] || { working: true };
          var b = document.createElement("button");
          b.type = "button"; b.textContent = d; b.dataset.day = day;
          b.className = info.working ? "wp-day" : "wp-day wp-off";
          if (day === input.value) { b.classList.add("wp-sel"); b.setAttribute("aria-pressed", "true"); }
          b.title = info.holiday || (info.working ? "" : t("day_off"));
          b.onclick = function () { input.value = this.dataset.day; box.hidden = true; input.dispatchEvent(new Event("input", { bubbles: true })); };
          grid.append(b);
        }
        box.append(grid);
      });
    }
    input.addEventListener("focus", function () {
      if (input.value) shown = new Date(input.value + "T00:00:00Z");
      box.hidden = false; render();
    });
    document.addEventListener("click", function (e) {
      if (e.target !== input && !box.contains(e.target)) box.hidden = true;
    });
    input.addEventListener("keydown", function (e) {
      // Escape closes the grid; Tab leaves it behind (the keyboard goes on to the next field).
      if (e.key === "Escape" || e.key === "Tab") box.hidden = true;
    });
    // A date typed on the keyboard: the grid moves to its month (a year still being typed,
    // 0002 … 0202, is skipped). The grid sits in the page's flow (app.css), under the field,
    // so it never covers the form's buttons.
    input.addEventListener("input", function () {
      var typed = /^(\d{4})-\d{2}-\d{2}$/.exec(input.value);
      if (box.hidden || !typed || +typed[1] < 1900) return;
      shown = new Date(input.value + "T00:00:00Z");
      render();
    });
  });
});

// A confirm step before what cannot be undone (closing a request, closing many): a <dialog>
// instead of window.confirm. Without this file the server asks on a page of its own.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (form.dataset.confirmed === "1") return;
      var only = form.dataset.confirmAction;
      if (only && form.elements.action && form.elements.action.value !== only) return;
      var n = form.id ? document.querySelectorAll('input[name=ids][form="' + form.id + '"]:checked').length : 0;
      if (only && n === 0) return;  // nothing ticked: the server says so
      e.preventDefault();
      var dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
      var text = document.createElement("p");
      text.id = "confirm-dialog-text";
      text.textContent = form.dataset.confirm.replace("{n}", n);
      var yes = document.createElement("button");
      yes.type = "button"; yes.className = "primary"; yes.id = "confirm-yes";
      yes.textContent = form.dataset.confirmYes || t("confirm_yes");
      var no = document.createElement("button");
      no.type = "button"; no.id = "confirm-no";
      no.textContent = form.dataset.confirmNo || t("cancel");
      var row = document.createElement("div");
      row.className = "actions-row";
      row.append(yes, no);
      dialog.append(text, row);
      document.body.append(dialog);
      dialog.addEventListener("close", function () { dialog.remove(); });
      no.addEventListener("click", function () { dialog.close(); });
      yes.addEventListener("click", function () {
        var confirm = document.createElement("input");
        confirm.type = "hidden"; confirm.name = "confirm"; confirm.value = "1";
        form.append(confirm);
        form.dataset.confirmed = "1";
        dialog.close();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
      dialog.showModal();
      no.focus();
    });
  });
  // A form that came back with errors: the summary at its top takes the focus.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
