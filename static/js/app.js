// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Show the urgency reason only when "urgent" is ticked.
  var urgent = document.getElementById("urgent");
  var reason = document.getElementById("urgent_reason");
  if (urgent && reason) {
    var box = reason.closest(".field");
    var sync = function () { box.hidden = !urgent.checked && !reason.value; };
    urgent.addEventListener("change", sync);
    sync();
  }
});

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
