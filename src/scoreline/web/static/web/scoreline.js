// Scoreline's small bit of behaviour: htmx settings, the call timer, and Vega-Lite charts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (window.htmx) {
    // A refused close (409) or a form error (422) still replaces the panel: the reason shows.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(409|422)", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
  drawCharts(document);
});

// The dealer picker moves to the chosen dealer's page (no inline handler: the CSP forbids it).
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-go]")) window.location.href = event.target.value;
});

document.addEventListener("htmx:afterSwap", (event) => drawCharts(event.target));

// Tapping the phone number starts a timer; the call form's duration fills itself.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-start-timer]");
  if (!link) return;
  const form = link.closest("form");
  const field = form && form.querySelector("[data-duration]");
  if (!field) return;
  const started = Date.now();
  clearInterval(form._timer);
  form._timer = setInterval(() => {
    field.value = Math.round((Date.now() - started) / 1000);
  }, 1000);
  form.addEventListener("submit", () => clearInterval(form._timer), { once: true });
});

// Charts: each element with data-chart holds the id of a JSON script with a Vega-Lite spec.
function drawCharts(root) {
  if (!window.vegaEmbed) return;
  root.querySelectorAll("[data-chart]").forEach((element) => {
    const source = document.getElementById(element.dataset.chart);
    if (!source || element.dataset.drawn) return;
    element.dataset.drawn = "1";
    vegaEmbed(element, JSON.parse(source.textContent), {
      mode: "vega-lite", actions: false, renderer: "svg",
      ast: true, expr: vega.expressionInterpreter,  // no eval(): the CSP forbids it
    })
      .catch((error) => { element.textContent = String(error); });
  });
}

// The one-time intake address selects itself when focused, ready to copy.
document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-all]")) event.target.select();
});
