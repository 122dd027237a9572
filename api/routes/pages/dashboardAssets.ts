/**
 * The dashboard's stylesheet, apart from the booking pages' (app.css, whose look web2 owns):
 * served at /assets/dashboard.css. Light and dark follow prefers-color-scheme; the layout
 * works from 390 px phones to desktops; focus is always visible.
 */
import { createHash } from 'node:crypto';
import { DASHBOARD_JS } from './dashboardScript.js';

export const DASHBOARD_CSS = `:root{color-scheme:light dark;--fg:#17171c;--muted:#50505c;--bg:#f5f6fa;--card:#fff;--line:#dcdde5;--accent:#0b57d0;--accent-fg:#fff;--accent-soft:#e8f0fe;--ok:#0a6b2f;--ok-soft:#e6f4ea;--warn:#a11a1a;--warn-soft:#fdecec;--pending:#7a4b00;--pending-soft:#fff4d6;--focus:#f5a623;--busy:#0b57d0;--free:#e9ecf3;--radius:.75rem}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--muted:#a9a9b8;--bg:#111217;--card:#1b1c23;--line:#33343f;--accent:#8ab4f8;--accent-fg:#0b1a33;--accent-soft:#1e2a42;--ok:#81c995;--ok-soft:#16301f;--warn:#f28b82;--warn-soft:#3a1b1b;--pending:#fdd663;--pending-soft:#3a2f10;--busy:#8ab4f8;--free:#23252f}}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--card);padding:.5rem;z-index:3}
.app-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 1rem;background:var(--card);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
.brand{font-weight:800;font-size:1.15rem;text-decoration:none;color:var(--fg)}
.app-nav{flex:1 1 auto;overflow-x:auto}
.app-nav ul{display:flex;gap:.25rem;list-style:none;margin:0;padding:0}
.app-nav a{display:block;padding:.4rem .65rem;border-radius:999px;text-decoration:none;color:var(--muted);white-space:nowrap;font-weight:600}
.app-nav a:hover{background:var(--accent-soft);color:var(--fg)}
.app-nav a[aria-current=page]{background:var(--accent-soft);color:var(--accent)}
.signout{display:flex;align-items:center;gap:.5rem;margin:0}
.who{color:var(--muted);font-size:.9rem}
.app-status{background:var(--pending-soft);color:var(--pending);padding:.5rem 1rem;text-align:center;font-weight:600}
.app-main{max-width:72rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .6rem}
.muted{color:var(--muted)}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin:0 0 1rem}
.card h2{margin-top:0}
.narrow{max-width:26rem;margin:2rem auto}
label{font-weight:600}
.field{display:flex;flex-direction:column;gap:.3rem;margin:0 0 1rem}
input,select,textarea{font:inherit;padding:.55rem .6rem;border:1px solid var(--muted);border-radius:.5rem;background:var(--card);color:var(--fg);max-width:100%}
textarea{width:100%;min-height:5rem}
.field input,.field select{width:100%}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:0 0 1rem;padding:.5rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .3rem}
.choices{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.25rem 0}
.choices label{font-weight:400}
input[aria-invalid=true],select[aria-invalid=true]{border:2px solid var(--warn)}
.field-error{color:var(--warn);font-weight:600;margin:.25rem 0 0}
button,.button{display:inline-flex;align-items:center;gap:.35rem;font:inherit;font-weight:600;padding:.5rem .95rem;border-radius:.5rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:transparent;color:var(--accent)}
button.danger{background:var(--warn);border-color:var(--warn);color:var(--card)}
button.link{background:none;border:none;color:var(--accent);padding:.25rem;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.actions form{margin:0}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 1rem;padding:0;list-style:none}
.filters a{padding:.3rem .75rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;color:var(--fg);background:var(--card)}
.filters a[aria-current=true]{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
ul.meetings{list-style:none;margin:0;padding:0}
ul.meetings li{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 0;border-top:1px solid var(--line)}
ul.meetings li:first-child{border-top:none}
.when{min-width:10rem;font-variant-numeric:tabular-nums;color:var(--muted)}
.title{flex:1 1 12rem;font-weight:600}
.status{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-size:.85rem;font-weight:700;background:var(--free);color:var(--fg)}
.status.scheduled{background:var(--ok-soft);color:var(--ok)}
.status.pending,.status.pending_payment{background:var(--pending-soft);color:var(--pending)}
.status.canceled,.status.rejected,.status.no_show{background:var(--warn-soft);color:var(--warn)}
.notice{border-left:4px solid var(--accent);background:var(--accent-soft);padding:.75rem 1rem;margin:0 0 1rem;border-radius:.4rem}
.notice.error{border-color:var(--warn);background:var(--warn-soft)}
.notice.ok{border-color:var(--ok);background:var(--ok-soft)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0}
ol.history{padding-left:1.25rem;margin:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap{overflow-x:auto}
.week{display:grid;grid-template-columns:repeat(7,minmax(9rem,1fr));gap:.5rem;overflow-x:auto}
.day{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.6rem;min-height:12rem}
.day:focus{outline:3px solid var(--focus)}
.day h2{font-size:.95rem;margin:0 0 .5rem}
.day.today{border-color:var(--accent)}
.block{display:block;border-radius:.45rem;padding:.35rem .5rem;margin:0 0 .4rem;font-size:.88rem;text-decoration:none}
.block.meeting{background:var(--accent-soft);color:var(--fg);border-left:4px solid var(--busy)}
.block.free{background:transparent;border:1px dashed var(--line);color:var(--muted)}
.block.busy{background:transparent;border:1px solid var(--line);border-left:4px solid var(--muted);color:var(--fg)}
.heatmap{border-collapse:separate;border-spacing:3px;width:auto}
.heatmap th{font-weight:600;font-size:.8rem;color:var(--muted);border:none;padding:.1rem .3rem}
.heatmap td{width:2.2rem;height:1.6rem;border:none;border-radius:.3rem;padding:0;text-align:center;font-size:.75rem}
.heat-0{background:var(--free)}.heat-1{background:color-mix(in srgb,var(--busy) 30%,var(--free))}.heat-2{background:color-mix(in srgb,var(--busy) 60%,var(--free))}.heat-3{background:var(--busy);color:var(--accent-fg)}
.legend{display:flex;gap:.75rem;align-items:center;font-size:.85rem;margin:.5rem 0}
.legend span{display:inline-flex;align-items:center;gap:.3rem}
.legend i{display:inline-block;width:1rem;height:1rem;border-radius:.25rem}
.offline-queue{font-size:.9rem}
.conflict{border-left:4px solid var(--warn);background:var(--warn-soft);padding:.75rem 1rem;border-radius:.4rem;margin:0 0 1rem}
@media (max-width:40rem){.app-main{padding:1rem .75rem 3rem}h1{font-size:1.35rem}dl.facts{grid-template-columns:1fr}dl.facts dt{margin-top:.4rem}.week{grid-template-columns:1fr}.day{min-height:auto}.signout .who{display:none}}
`;

/** Changes whenever the CSS or the script does, so browsers never mix old and new. */
export const DASHBOARD_ASSET_VERSION = createHash('sha256').update(DASHBOARD_CSS).update(DASHBOARD_JS).digest('hex').slice(0, 10);
