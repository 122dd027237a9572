/** The booking page's only CSS and JS, served from /assets so the CSP can forbid inline code. */
export const APP_CSS = `:root{--fg:#1b1b1f;--muted:#4a4a55;--bg:#f7f7fa;--card:#fff;--line:#d5d5de;--accent:#0b57d0;--accent-fg:#fff;--ok:#0a6b2f;--warn:#8a1c1c;--focus:#f5a623}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem;z-index:2}
header.site{background:var(--card);border-bottom:1px solid var(--line);padding:.75rem 1rem}
header.site .brand{font-weight:700}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.muted{color:var(--muted)}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
ul.plain{list-style:none;padding:0;margin:0}
ul.events li{margin:0 0 .75rem}
ul.events a{display:block;padding:.75rem 1rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card);text-decoration:none}
ul.events a strong{display:block;color:var(--fg)}
.controls{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
.controls label{display:flex;flex-direction:column;font-weight:600;gap:.25rem}
label{font-weight:600}
input,select,textarea{font:inherit;padding:.5rem;border:1px solid #767680;border-radius:.375rem;background:#fff;color:var(--fg);max-width:100%}
textarea{width:100%;min-height:5rem}
.field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 1rem}
.field input{width:100%}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1rem;border-radius:.375rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--warn);border-color:var(--warn)}
.day{margin:0 0 1rem}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(6.5rem,1fr));gap:.5rem}
.slots a{display:block;text-align:center;padding:.55rem .25rem;border:1px solid var(--accent);border-radius:.375rem;text-decoration:none;font-weight:600;background:#fff}
.slots a:hover{background:var(--accent);color:var(--accent-fg)}
.slots .seats{display:block;font-weight:400;font-size:.8rem}
.notice{border-left:4px solid var(--accent);background:#eef3fd;padding:.75rem 1rem;margin:0 0 1rem;border-radius:.25rem}
.notice.error{border-color:var(--warn);background:#fdeeee}
.notice.ok{border-color:var(--ok);background:#ecf7ef}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.nav{display:flex;justify-content:space-between;gap:.5rem;margin:1rem 0}
.status{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:#e7e7ee;font-weight:600;font-size:.9rem}
.status.canceled,.status.rejected{background:#fdeeee;color:var(--warn)}
.status.scheduled{background:#ecf7ef;color:var(--ok)}
ol.history{padding-left:1.25rem}
@media (max-width:30rem){main{padding:.75rem}h1{font-size:1.35rem}dl.facts{grid-template-columns:1fr}dl.facts dt{margin-top:.5rem}}
`;

export const APP_JS = `(function () {
  'use strict';
  // Detect the visitor's zone once, when the page was opened without ?timezone=.
  var root = document.querySelector('[data-detect-timezone]');
  if (root) {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var url = new URL(window.location.href);
      if (zone && !url.searchParams.has('timezone') && zone !== root.getAttribute('data-current-timezone')) {
        url.searchParams.set('timezone', zone);
        window.location.replace(url.toString());
        return;
      }
    } catch (e) { /* keep the server's zone */ }
  }
  // Changing the zone or the date reloads the slots (the button stays for no-JS use).
  var controls = document.querySelectorAll('form[data-autosubmit] select, form[data-autosubmit] input[type=date]');
  for (var i = 0; i < controls.length; i++) {
    controls[i].addEventListener('change', function (event) { event.target.form.submit(); });
  }
  // Fill hidden timezone fields with the detected zone when the page did not set one.
  var hidden = document.querySelectorAll('input[data-detected-timezone]');
  for (var j = 0; j < hidden.length; j++) {
    if (!hidden[j].value) hidden[j].value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
})();
`;
