// Show the urgency reason only when "urgent" is ticked (the staff's registration form and the
// public request form; without script the field simply stays visible).
document.addEventListener("DOMContentLoaded", function () {
  var urgent = document.getElementById("urgent");
  var reason = document.getElementById("urgent_reason");
  if (!urgent || !reason) return;
  var box = reason.closest(".field");
  var sync = function () { box.hidden = !urgent.checked && !reason.value; };
  urgent.addEventListener("change", sync);
  sync();
});
