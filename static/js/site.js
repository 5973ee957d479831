// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var links = document.getElementById("nav-links");
  if (!toggle || !links) { return; }
  toggle.hidden = false;
  links.classList.add("is-collapsed");
  toggle.addEventListener("click", function () {
    var open = links.classList.toggle("is-collapsed") === false;
    toggle.setAttribute("aria-expanded", String(open));
  });
  document.documentElement.dataset.js = "ready";
})();
