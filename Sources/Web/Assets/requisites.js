// Requisites checked as they are typed: a field marked `data-check="inn"`, `"kpp"` or `"ogrn"` shows
// under it, once its length is complete (or when it is left), whether the number's check digit holds
// for the kind chosen in `#kind` (company or individual entrepreneur). The words come from the
// server in the field's `data-wrong` and `data-length-company` / `data-length-person` attributes.
// Only a convenience: the server checks every requisite again when the form is saved.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.getElementById("kind");

  function person() { return kind !== null && kind.value === "person"; }

  function digits(text, count) {
    return new RegExp("^\\d{" + count + "}$").test(text) ? text.split("").map(Number) : null;
  }

  function control(d, weights) {
    var sum = 0;
    weights.forEach(function (weight, i) { sum += d[i] * weight; });
    return sum % 11 % 10;
  }

  // "length", "wrong" or null (fine) for a value of `field`'s kind.
  var checks = {
    inn: function (value) {
      var d = digits(value, person() ? 12 : 10);
      if (!d) { return "length"; }
      if (!person()) { return control(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9] ? null : "wrong"; }
      return control(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] &&
        control(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11] ? null : "wrong";
    },
    kpp: function (value) { return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value) ? null : "wrong"; },
    ogrn: function (value) {
      var count = person() ? 15 : 13;
      if (!digits(value, count)) { return "length"; }
      var body = BigInt(value.slice(0, -1)), modulus = BigInt(person() ? 13 : 11);
      return Number(body % modulus % BigInt(10)) === Number(value[count - 1]) ? null : "wrong";
    },
  };

  document.querySelectorAll("input[data-check]").forEach(function (field) {
    var check = checks[field.dataset.check];
    if (!check) { return; }
    var note = document.createElement("p");
    note.className = "field-error";
    note.id = field.id + "-live";
    note.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", note);

    function show(leaving) {
      var value = field.value.trim(), problem = value === "" ? null : check(value);
      var server = document.getElementById(field.id + "-error");
      if (server) { server.hidden = true; }
      // While typing, a number still too short is not yet wrong.
      if (problem === "length" && !leaving) { problem = null; }
      var text = problem === "wrong" ? field.dataset.wrong
        : problem === "length" ? field.dataset[person() ? "lengthPerson" : "lengthCompany"] : "";
      note.textContent = text || "";
      if (text) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", note.id);
      } else {
        field.removeAttribute("aria-invalid");
      }
    }

    field.addEventListener("input", function () { show(false); });
    field.addEventListener("blur", function () { show(true); });
    if (kind) { kind.addEventListener("change", function () { if (field.value) { show(true); } }); }
  });
});
