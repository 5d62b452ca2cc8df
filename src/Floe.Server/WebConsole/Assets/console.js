// Floe's web console: copy buttons and Ctrl+Enter in the worksheet. The only script the console has;
// the Content-Security-Policy allows no other (and no inline script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button.copy[data-copy]")) {
        button.addEventListener("click", async () => {
            const text = button.getAttribute("data-copy");
            try {
                await navigator.clipboard.writeText(text);
                button.textContent = "Copied";
            } catch {
                button.textContent = "Copy failed";
            }
            button.setAttribute("data-copied", text);
            setTimeout(() => { button.textContent = "Copy"; }, 2000);
        });
    }
    const sql = document.getElementById("sql");
    if (sql) {
        sql.addEventListener("keydown", (event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                sql.form.requestSubmit();
            }
        });
    }
});
