// Copy buttons: a button with data-copy="<id>" copies that field's value and says so for a moment.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  var field = document.getElementById(button.dataset.copy);
  var label = button.textContent;
  function done() {
    button.textContent = button.dataset.copied;
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
  } else {
    field.select();
    document.execCommand("copy");
    done();
  }
});
