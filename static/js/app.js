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
