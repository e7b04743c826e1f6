// The leaders' cockpit's charts (templates: dashboards/cockpit.html). The figures come from the
// page's json_script block (#cockpit-data); every chart is also a table on the page, so without
// this file (or ECharts) nothing is lost. No inline script: the page's CSP allows only files.
(function () {
  "use strict";
  var source = document.getElementById("cockpit-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  document.documentElement.classList.add("cockpit-charts");
  var palette = ["#b22222", "#1f5fa8", "#d98c00", "#2e8b57", "#6a4c93", "#4d4d4d", "#c06c84", "#0f7c8c"];
  var charts = [];

  function make(element, option) {
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    option.color = palette;
    option.animation = false;
    // Tooltips drawn on the canvas: an HTML tooltip would need inline styles the CSP refuses.
    option.tooltip = Object.assign({ renderMode: "richText", confine: true }, option.tooltip || {});
    chart.setOption(option);
    charts.push(chart);
  }

  function narrow() { return window.innerWidth < 576; }

  function lines(element, spec) {
    make(element, {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, symbolSize: 6 };
      })
    });
  }

  function groupedBars(element, spec) {
    make(element, {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: narrow() ? 45 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
  }

  function breakdown(element, spec) {
    if (spec.type === "pie") {
      make(element, {
        tooltip: { trigger: "item" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          name: spec.name, type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          label: { show: !narrow() },
          data: spec.categories.map(function (c, i) { return { name: c, value: spec.values[i] }; })
        }]
      });
      return;
    }
    // one bar per row, every name shown
    element.style.height = Math.max(160, spec.categories.length * 24 + 40) + "px";
    var names = spec.categories.slice().reverse();
    var values = spec.values.slice().reverse();
    make(element, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: names, axisLabel: { interval: 0, width: narrow() ? 90 : 150, overflow: "truncate" } },
      series: [{ name: spec.name, type: "bar", data: values }]
    });
  }

  var byId = {};
  (data.breakdowns || []).forEach(function (spec) { byId[spec.id] = spec; });
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var key = element.getAttribute("data-chart");
    if (key === "trend" && data.trend) { lines(element, data.trend); }
    else if (key === "committees" && data.committees) { groupedBars(element, data.committees); }
    else if (byId[key] && byId[key].values.length) { breakdown(element, byId[key]); }
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
