// The as-of slider: moving it shows the date it stands on; letting go of it asks for the matrix as of that date.
// Without script the date field and its button do the same.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const slider = document.getElementById("as-of-slider");
  const field = document.getElementById("as-of");
  if (!slider || !field) return;
  const dates = (slider.dataset.dates || "").split(" ").filter(Boolean);
  if (dates.length === 0) { slider.disabled = true; return; }
  slider.addEventListener("input", () => { field.value = dates[Number(slider.value)]; });
  slider.addEventListener("change", () => {
    field.value = dates[Number(slider.value)];
    field.form.requestSubmit();
  });
});
