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
      if (region.tomselect) {  // the searchable box follows the new list
        var picker = region.tomselect;
        picker.clear(true);
        picker.clearOptions(function () { return false; });
        picker.clearOptionGroups();
        picker.sync();
      }
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
  // The staff side navigation is a <details> opened by the server (so it works without this
  // file); on a phone it starts closed, as a 菜单 button above the page.
  var sidenav = document.querySelector("details[data-sidenav]");
  if (sidenav && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 992px)");
    var place = function () { sidenav.open = wide.matches; };
    place();
    if (wide.addEventListener) { wide.addEventListener("change", place); }
  }
  // Searchable pickers: a <select data-picker> (members, departments, places) becomes a
  // tom-select box that filters as one types; without JavaScript it stays a plain select.
  if (window.TomSelect) {
    document.querySelectorAll("select[data-picker]").forEach(function (select) {
      var many = select.multiple;
      var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
      // tom-select points the <label> at its own search box; the hidden original keeps a name.
      if (label) { select.setAttribute("aria-label", label.textContent.replace("*", "").trim()); }
      var picker = new window.TomSelect(select, {
        plugins: many ? ["remove_button"] : [],
        maxOptions: null,
        allowEmptyOption: !many,
        // A multiple picker keeps its search box (and its hint) after the chosen names when it
        // loses focus: hiding it would take a line out of the form under the pointer, and a
        // press on the button below (转交 at the foot of a scrolled page) would land beside it.
        hidePlaceholder: !many,
        placeholder: select.dataset.picker || "",
        searchField: ["text", "keywords"],
        lockOptgroupOrder: true,
        // Filter as each key is typed (tom-select waits 300 ms by default, and an Enter pressed
        // sooner would choose the first name of the list before the filter).
        refreshThrottle: 0,
        render: {
          no_results: function () { return '<div class="no-results">' + (select.dataset.pickerEmpty || "") + "</div>"; }
        },
        // A name chosen from a multiple picker clears the search, ready for the next one.
        onItemAdd: function () {
          if (many) { this.setTextboxValue(""); this.refreshOptions(false); }
        },
        onInitialize: function () {
          // tom-select reads an option's data-keywords (e.g. a department's pinyin initials).
          var input = this.control_input;
          if (label && input) { input.setAttribute("aria-label", select.getAttribute("aria-label")); }
        }
      });
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.dataset.keywords && picker.options[option.value]) {
          picker.options[option.value].keywords = option.dataset.keywords;
        }
      });
    });
  }
  // A file input with a Chinese button: the chosen files' names beside it.
  document.querySelectorAll(".portal-file input[type=file]").forEach(function (input) {
    var names = input.parentNode.querySelector(".portal-file-names");
    if (!names) { return; }
    var none = names.textContent;
    input.addEventListener("change", function () {
      var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
      names.textContent = chosen.length ? chosen.join("、") : none;
    });
  });
  // Copy buttons: <button data-copy="#id"> copies that element's text.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.dataset.copy);
    if (!source || !navigator.clipboard) { button.hidden = true; return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.dataset.copied || label;
        button.classList.add("copy-done");
        window.setTimeout(function () { button.textContent = label; button.classList.remove("copy-done"); }, 2500);
      });
    });
  });
  // Select-all checkbox on the review desk.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
