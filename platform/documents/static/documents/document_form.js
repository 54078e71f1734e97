// The document form's "Add a legal reference": a new row from the formset's empty template.
document.addEventListener("click", function (event) {
  if (!event.target.matches("[data-add-row]")) return;
  var total = document.getElementById("id_refs-TOTAL_FORMS");
  var html = document.getElementById("ref-template").innerHTML.replace(/__prefix__/g, total.value);
  document.getElementById("ref-rows").insertAdjacentHTML("beforeend", html);
  total.value = parseInt(total.value, 10) + 1;
});
