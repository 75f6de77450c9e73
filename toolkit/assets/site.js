// Niceties only: every page works the same without this script.
// - The Both / Source / Translation choice is remembered from page to page.
// - Each block number gets a button that copies the block's link.
(function () {
  "use strict";
  var store = null;
  try { store = window.localStorage; } catch (error) { store = null; }
  var views = document.querySelectorAll('input[name="tk-view"]');
  if (store && views.length) {
    var saved = store.getItem("tk-view");
    views.forEach(function (input) {
      if (input.value === saved) { input.checked = true; }
      input.addEventListener("change", function () { store.setItem("tk-view", input.value); });
    });
  }
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("a.num").forEach(function (number) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy the link to " + number.textContent.trim());
    button.addEventListener("click", function () {
      var address = new URL(number.getAttribute("href"), window.location.href).href;
      navigator.clipboard.writeText(address).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy link"; }, 1500);
      });
    });
    number.parentNode.appendChild(button);
  });
}());
