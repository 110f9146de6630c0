/* Fixes, on every admin page, two pieces of markup that Django's own admin scripts draw and that
   axe (rightly) finds fault with:
   - the search icon of Django's two-box picker (users' groups and permissions) carries an
     aria-label on a plain span, which has no role a name can belong to: it becomes an image;
   - a multiple-choice searchable picker (select2) puts its "remove all" cross, a span, straight
     into its list of choices: it goes into a list item of its own, where select2 still finds it.
   Both are redrawn by their scripts at any time, hence the observer. Without scripts neither exists. */
"use strict";
{
    const fix = () => {
        document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
            icon.setAttribute("role", "img");
        });
        document.querySelectorAll("ul.select2-selection__rendered > span.select2-selection__clear").forEach((cross) => {
            const item = document.createElement("li");
            item.className = "select2-clear-item";
            cross.replaceWith(item);
            item.append(cross);
        });
    };
    document.addEventListener("DOMContentLoaded", () => {
        fix();
        new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
    });
}
