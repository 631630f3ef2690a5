/* The survey builder: show a question only the fields its kind uses.

   Each question row ([data-question]) has a kind select ([data-question-kind]) and fields that
   only some kinds use, each in a wrapper naming them (data-kinds="single_choice ..."). A field
   the chosen kind does not use is hidden and disabled, so that what it holds is not sent. A
   field that came back with an error stays in sight. Without this script every field shows,
   with a hint naming its kinds, and the server refuses a value for the wrong kind. */
(function () {
  "use strict";

  function showFieldsOfKind(row, select) {
    var kind = select.value;
    row.querySelectorAll("[data-kinds]").forEach(function (wrapper) {
      var used = wrapper.getAttribute("data-kinds").split(" ").indexOf(kind) !== -1;
      var hasError = wrapper.querySelector(".is-invalid") !== null;
      var show = used || hasError;
      wrapper.hidden = !show;
      wrapper.querySelectorAll("input, select, textarea").forEach(function (control) {
        control.disabled = !show;
      });
    });
  }

  document.querySelectorAll("[data-question]").forEach(function (row) {
    var select = row.querySelector("[data-question-kind]");
    if (!select) {
      return;
    }
    select.addEventListener("change", function () {
      showFieldsOfKind(row, select);
    });
    showFieldsOfKind(row, select);
  });
})();
