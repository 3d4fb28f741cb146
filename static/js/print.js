document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-button");
  if (button) button.addEventListener("click", function () { window.print(); });
});
