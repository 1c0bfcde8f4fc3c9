// The new-order form's totals as you type: each line's amount and the order's total, from the
// price the server put on the quantity field (`data-price`, kopecks). Only a preview: the server
// prices the order again when it is saved, and the form works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var table = document.querySelector("table.lines[data-live-totals]");
  if (!table) { return; }

  // "1 234,5" → 1234500 thousandths; null when it is not a quantity.
  function thousandths(text) {
    var match = /^(\d+)(?:[.,](\d{1,3}))?$/.exec(text.replace(/[\s\u00A0\u202F]/g, ""));
    if (!match) { return null; }
    return Number(match[1]) * 1000 + Number((match[2] || "").padEnd(3, "0"));
  }

  // 123450 kopecks → "1 234,50 ₽" (narrow spaces between thousands, as the server writes it).
  function money(kopecks) {
    var whole = Math.floor(Math.abs(kopecks) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u202F");
    var cents = String(Math.abs(kopecks) % 100).padStart(2, "0");
    return (kopecks < 0 ? "-" : "") + whole + "," + cents + "\u00A0₽";
  }

  function update() {
    var total = 0;
    table.querySelectorAll("input.qty[data-price]").forEach(function (field) {
      var qty = thousandths(field.value);
      var amount = qty === null ? null : Math.round(qty * Number(field.dataset.price) / 1000);
      var cell = field.closest("tr").querySelector("td.amount");
      if (cell) { cell.textContent = amount === null ? "" : money(amount); }
      if (amount !== null) { total += amount; }
    });
    var sum = document.getElementById("order-total");
    if (sum) { sum.textContent = money(total); }
  }

  table.addEventListener("input", function (event) {
    if (event.target.matches("input.qty")) { update(); }
  });
});
