// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  // A form submits once: the button is disabled after the first click (the server also
  // de-duplicates by the form's token).
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[data-once]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
  // The 苏木乡镇/嘎查村 of the chosen 旗区: a select with data-regions-url (opinions:regions, JSON;
  // the chosen id replaces its final 0) fills the place select named by data-regions-select.
  // Without this the place select lists the 苏木乡镇 grouped by 旗区; the server checks the pair.
  document.querySelectorAll("select[data-regions-url]").forEach(function (committee) {
    var region = document.getElementById(committee.dataset.regionsSelect);
    if (!region || !window.fetch) { return; }
    var initial = Array.prototype.map.call(region.children, function (node) { return node.cloneNode(true); });
    var empty = region.options.length && region.options[0].value === "" ? region.options[0] : null;
    var asked = 0;
    function show(options, chosen) {
      while (region.firstChild) { region.removeChild(region.firstChild); }
      options.forEach(function (option) { region.appendChild(option); });
      var kept = Array.prototype.some.call(region.options, function (o) { return o.value === chosen; });
      if (kept) { region.value = chosen; } else { region.selectedIndex = 0; }
    }
    function refresh() {
      var chosen = region.value, ask = ++asked;
      if (!committee.value) {
        show(initial.map(function (node) { return node.cloneNode(true); }), chosen);
        return;
      }
      region.setAttribute("aria-busy", "true");
      var url = committee.dataset.regionsUrl.replace(/0\/$/, encodeURIComponent(committee.value) + "/");
      fetch(url, {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (ask !== asked) { return; }  // a later choice is on its way
        var options = empty ? [empty.cloneNode(true)] : [];
        data.regions.forEach(function (place) { options.push(new Option(place.label, String(place.id))); });
        show(options, chosen);
      }).catch(function () { /* the list stays as it was; the server checks the pair */ })
        .then(function () { if (ask === asked) { region.removeAttribute("aria-busy"); } });
    }
    committee.addEventListener("change", refresh);
    // A page restored with a 旗区 chosen (the back button) but the grouped list shown.
    if (committee.value && region.querySelector("optgroup")) { refresh(); }
  });
  // Select-all checkbox on the review desk.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
