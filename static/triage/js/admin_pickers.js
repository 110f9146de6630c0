/* Names the parts of the admin's searchable pickers (select2, which Django's autocomplete uses)
   that select2 leaves unnamed, after the field's own label: the search box of a multiple-choice
   picker once something is picked, and the box of a one-choice picker while it is empty. A
   screen reader would otherwise announce only "search" or "textbox". The picker redraws these
   after each change, hence the observer. Without scripts there is no picker and nothing to name. */
"use strict";
{
    const UNNAMED =
        "input.select2-search__field:not([aria-label]), " +
        ".select2-selection__rendered[role=textbox]:not([aria-label]):not([title])";
    const name = (part) => {
        const picker = part.closest(".select2-container");
        const select = picker && picker.previousElementSibling;
        const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
        if (label) {
            part.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
        }
    };
    const nameAll = () => document.querySelectorAll(UNNAMED).forEach(name);
    document.addEventListener("DOMContentLoaded", () => {
        nameAll();
        new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
    });
}
