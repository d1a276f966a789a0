// relance works without JavaScript; this only adds conveniences: a select that submits its form,
// and confirmation of destructive buttons. No inline script: the content policy forbids it.
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
});
document.addEventListener("submit", function (e) {
  var msg = e.submitter && e.submitter.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
