// The product type-ahead: a field marked `data-suggest` lists, while a person types, the products the
// catalog's search finds (GET /products/suggest) with SKU, name and what the warehouse has available.
// Arrows move, Enter picks, Esc closes; a pick puts the SKU into the field (and, in an order line,
// the name, price and live total into its row; in a scanner field it adds the product at once).
// Without this script the field is a plain SKU or barcode field, as before. A scanner types its code
// faster than the pause that asks the server, and its Enter finds no highlighted suggestion, so a
// scan still submits the code.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.createElement("ul");
    list.className = "suggest";
    list.id = input.id + "-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, asked = 0;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", list.id + "-" + index);
    }

    function pick(index) {
      var item = items[index];
      input.value = item.sku;
      close();
      var submit = input.dataset.suggestSubmit && input.form.querySelector(input.dataset.suggestSubmit);
      if (submit) { input.form.requestSubmit(submit); return; }
      var row = input.closest("tr"), qty = row && row.querySelector("input.qty");
      if (!qty) { return; }
      row.cells[1].textContent = item.name;
      row.cells[2].textContent = item.available;
      row.cells[3].textContent = item.price;
      qty.dataset.price = item.price_minor;
      if (!qty.value) { qty.value = "1"; }
      qty.dispatchEvent(new Event("input", { bubbles: true }));
      qty.focus();
      qty.select();
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        [["sku", item.sku], ["name", item.name], ["available", item.available]].forEach(function (part) {
          var span = document.createElement("span");
          span.className = part[0];
          span.textContent = part[1];
          option.appendChild(span);
        });
        option.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
        list.appendChild(option);
      });
      if (!found.length) { close(); return; }
      list.hidden = false;
      active = -1;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var url = "/products/suggest?q=" + encodeURIComponent(q);
      var warehouse = input.dataset.suggestWarehouse && document.getElementById(input.dataset.suggestWarehouse);
      if (warehouse && warehouse.value) { url += "&warehouse=" + encodeURIComponent(warehouse.value); }
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked && document.activeElement === input) { show(found); } })
        .catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        window.clearTimeout(timer);
        asked++;  // an answer still on its way is not shown after Enter
        if (!list.hidden && active >= 0) { event.preventDefault(); pick(active); } else { close(); }
        return;
      }
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active + items.length - 1) % items.length); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  });
});
