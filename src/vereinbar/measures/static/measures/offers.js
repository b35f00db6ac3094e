// The staff offers page: a button for the browser's print dialogue (shown only where scripts run).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
