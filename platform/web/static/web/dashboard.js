// Draws the agency dashboard's charts with the vendored Chart.js: each <canvas data-chart="id"> takes its
// figures from the <script type="application/json" id="id"> beside it (written by json_script).
(function () {
  "use strict";
  var palette = ["#0b5cad", "#1b6e3a", "#b7791f", "#b42318", "#6941c6", "#5b6876"];

  function draw(canvas) {
    var figures = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var kind = canvas.dataset.kind, unit = canvas.dataset.unit;
    var datasets = figures.series.map(function (series, index) {
      var colour = series.colour || palette[index % palette.length];
      var dataset = {label: series.label, data: series.values, borderColor: colour, backgroundColor: colour,
                     spanGaps: true, tension: 0.2};
      if (kind === "doughnut") {
        dataset.backgroundColor = figures.colours.length ? figures.colours : palette;
        dataset.borderColor = "#fff";
      }
      return dataset;
    });
    var options = {responsive: true, maintainAspectRatio: false, animation: false,
                   plugins: {legend: {display: kind === "doughnut" || datasets.length > 1, position: "bottom"}}};
    if (kind !== "doughnut") {
      options.scales = {y: {beginAtZero: true, ticks: {callback: function (value) { return value + unit; }}}};
      if (unit === "%") { options.scales.y.max = 100; }
    }
    new window.Chart(canvas, {type: kind, data: {labels: figures.labels, datasets: datasets}, options: options});
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) { return; }  // the figures stay readable in the table beneath each chart
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
