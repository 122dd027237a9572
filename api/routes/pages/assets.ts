/** The booking page's only CSS and JS, served from /assets so the CSP can forbid inline code. */
export const APP_CSS = `:root{--fg:#1b1b1f;--muted:#4a4a55;--bg:#f4f5f8;--card:#fff;--line:#d5d5de;--accent:#0b57d0;--accent-fg:#fff;--accent-soft:#e8effc;--ok:#0a6b2f;--ok-bg:#ecf7ef;--warn:#a11b1b;--warn-bg:#fdeeee;--focus:#f5a623;--field:#fff;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--muted:#b4b4c0;--bg:#121317;--card:#1d1f25;--line:#3a3c46;--accent:#8ab4f8;--accent-fg:#0b1a33;--accent-soft:#22304a;--ok:#7dd69b;--ok-bg:#16301f;--warn:#ff9c9c;--warn-bg:#3a1b1b;--field:#15161b}}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5;min-height:100vh;display:flex;flex-direction:column}
body.embed{background:transparent;min-height:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem;z-index:2}
header.site{background:var(--card);border-bottom:1px solid var(--line);padding:.75rem 1rem}
header.site .home{text-decoration:none;color:var(--fg);display:inline-flex;align-items:center}
header.site .brand{font-weight:700;font-size:1.1rem}
header.site .logo{display:block;max-height:2rem;width:auto}
footer.site{margin-top:auto;padding:1rem;text-align:center;font-size:.85rem}
footer.site a{color:var(--muted)}
main{width:100%;max-width:48rem;margin:0 auto;padding:1rem}
main:has(.booking){max-width:66rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem;line-height:1.25}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.muted{color:var(--muted)}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
ul.plain{list-style:none;padding:0;margin:0}
ul.events li{margin:0 0 .75rem}
ul.events a{display:block;padding:.75rem 1rem;border:1px solid var(--line);border-radius:.5rem;background:var(--card);text-decoration:none}
ul.events a strong{display:block;color:var(--fg)}
.controls{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
.controls label{display:flex;flex-direction:column;font-weight:600;gap:.25rem}
label{font-weight:600}
input,select,textarea{font:inherit;padding:.5rem;border:1px solid #767680;border-radius:.375rem;background:var(--field);color:var(--fg);max-width:100%}
textarea{width:100%;min-height:5rem}
.field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 1rem}
.field input{width:100%}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1rem;border-radius:.375rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:var(--card);color:var(--accent)}
button.danger{background:var(--warn);border-color:var(--warn);color:var(--card)}
.booking{display:grid;grid-template-columns:minmax(12rem,16rem) minmax(18rem,1fr) minmax(12rem,15rem);gap:1.5rem;padding:1.5rem}
.booking h1{margin:.25rem 0 .75rem}
.host{display:flex;align-items:center;gap:.75rem;color:var(--muted);font-weight:600}
.avatar{width:3rem;height:3rem;border-radius:50%;flex:none;display:inline-flex;align-items:center;justify-content:center;background:var(--accent);color:var(--accent-fg);font-weight:700;object-fit:cover}
.badges{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.4rem}
.badge{background:var(--accent-soft);color:var(--fg);border-radius:1rem;padding:.15rem .65rem;font-size:.9rem;font-weight:600}
.month-nav{display:flex;align-items:center;gap:.5rem}
.month-nav h2{margin:0;flex:1;font-size:1.1rem}
.icon-button{display:inline-flex;align-items:center;justify-content:center;width:2.25rem;height:2.25rem;border-radius:50%;text-decoration:none;font-size:1.4rem;line-height:1;color:var(--accent);background:var(--accent-soft)}
.icon-button.disabled{color:var(--muted);background:transparent}
table.month{width:100%;border-collapse:collapse;margin:.75rem 0;table-layout:fixed}
table.month th{font-size:.8rem;font-weight:600;color:var(--muted);padding:.25rem 0}
table.month abbr{text-decoration:none}
table.month td{text-align:center;padding:.15rem}
.day-on,.day-off{display:inline-flex;align-items:center;justify-content:center;width:2.5rem;height:2.5rem;max-width:100%;border-radius:50%}
.day-on{background:var(--accent-soft);color:var(--accent);font-weight:700;text-decoration:none}
.day-on:hover,.day-on.chosen{background:var(--accent);color:var(--accent-fg)}
.day-off{color:var(--muted)}
.day-off[aria-current]{text-decoration:underline}
.zone{display:flex;flex-direction:column;gap:.25rem;min-width:0}
.zone-row{display:flex;gap:.5rem;min-width:0}
.zone-row select{flex:1;min-width:0;width:100%}
.times h2{margin-top:0}
.zone-note{margin:-.25rem 0 .75rem;font-size:.9rem}
.slots{display:grid;grid-template-columns:1fr;gap:.5rem;max-height:28rem;overflow:auto;padding:2px}
.slots a{display:block;text-align:center;padding:.6rem .25rem;border:1px solid var(--accent);border-radius:.375rem;text-decoration:none;font-weight:700;background:var(--card)}
.slots a:hover{background:var(--accent);color:var(--accent-fg)}
.slots .seats{display:block;font-weight:400;font-size:.8rem}
.full li{margin:.5rem 0}
.picker h2#suggested-heading{font-size:1rem;margin:1.25rem 0 .5rem}
.suggested{margin:0 0 1rem;padding-left:1.25rem}.suggested li{margin:0 0 .5rem}.suggested a{font-weight:700}.suggested .muted{display:block;font-size:.85rem}
.notice{border-left:4px solid var(--accent);background:var(--accent-soft);padding:.75rem 1rem;margin:0 0 1rem;border-radius:.25rem}
.notice.error{border-color:var(--warn);background:var(--warn-bg)}
.notice.ok{border-color:var(--ok);background:var(--ok-bg)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.nav{display:flex;justify-content:space-between;gap:.5rem;margin:1rem 0}
.status{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:var(--accent-soft);font-weight:600;font-size:.9rem}
.status.canceled,.status.rejected{background:var(--warn-bg);color:var(--warn)}
.status.scheduled{background:var(--ok-bg);color:var(--ok)}
ol.history{padding-left:1.25rem}
.hero{text-align:center;padding:2rem 0}
.hero h1{font-size:2.2rem}
.error-code{font-size:3rem;font-weight:800;color:var(--accent);margin:0}
pre{max-width:100%;overflow-x:auto}
fieldset{min-width:0}
@media (max-width:60rem){.booking{grid-template-columns:1fr 1fr}.booking .about{grid-column:1/-1}}
@media (max-width:40rem){main{padding:.5rem}.booking{grid-template-columns:1fr;padding:1rem;gap:1rem}h1{font-size:1.35rem}.slots{grid-template-columns:repeat(auto-fill,minmax(6.5rem,1fr));max-height:none}dl.facts{grid-template-columns:1fr}dl.facts dt{margin-top:.5rem}}
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
  // Picking a zone or a date with the mouse or a finger reloads the slots. A change made from the
  // keyboard does not: ArrowDown on a focused select changes it at once, and reloading then would
  // move the focus away mid-choice (WCAG 3.2.2). The Update button submits it (and serves no-JS use).
  var controls = document.querySelectorAll('form[data-autosubmit] select, form[data-autosubmit] input[type=date]');
  for (var i = 0; i < controls.length; i++) autosubmit(controls[i]);
  function autosubmit(control) {
    var keyed = false;
    control.addEventListener('keydown', function () { keyed = true; });
    control.addEventListener('pointerdown', function () { keyed = false; });
    control.addEventListener('change', function () { if (!keyed) control.form.submit(); });
  }
  // Fill hidden timezone fields with the detected zone when the page did not set one.
  var hidden = document.querySelectorAll('input[data-detected-timezone]');
  for (var j = 0; j < hidden.length; j++) {
    if (!hidden[j].value) hidden[j].value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
})();
`;

/** The accent colour `#rrggbb` (hex without #) with readable text on it: dark text on a light colour. */
export function brandCss(hex: string): string {
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const light = 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.4;
  return `:root{--accent:#${hex};--accent-fg:${light ? '#1b1b1f' : '#fff'}}\n`;
}
