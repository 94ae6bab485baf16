"""The HTML report's stylesheet, inlined into the page: screen, phone width and print."""

CSS = """
:root {
  color-scheme: light;
  --ink: #1f2933; --muted: #52606d; --rule: #d9dee4; --band: #f5f7fa; --accent: #0b5cad;
  --serif: Georgia, "Iowan Old Style", "Times New Roman", "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans",
          "DejaVu Sans", sans-serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink); font: 16px/1.55 var(--sans); }
.page { max-width: 68rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
h1, h2, h3, h4 { font-family: var(--serif); line-height: 1.2; margin: 0; }
h1 { font-size: 2.1rem; margin: .2rem 0 .8rem; }
h2 { font-size: 1.55rem; margin: 2.8rem 0 .4rem; padding-top: .9rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.45rem; margin: 2.2rem 0 .2rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h4 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; font-family: var(--sans); font-weight: 650; }
p { margin: .35rem 0; }
a { color: var(--accent); text-underline-offset: 2px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: .88em; overflow-wrap: anywhere; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: .78rem; color: var(--muted); margin: 0; }
.lede { font-size: 1.15rem; color: var(--muted); max-width: 46rem; }
.note { color: var(--muted); font-size: .95rem; max-width: 46rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.sprite { position: absolute; width: 0; height: 0; overflow: hidden; }
.glyph { width: .8em; height: .8em; vertical-align: -.05em; margin-right: .28em; flex: none; }

dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.2rem; margin: 1.2rem 0;
  padding: .9rem 1.1rem; background: var(--band); border-left: 4px solid var(--ink); font-size: .95rem; }
dl.scope dt { font-weight: 650; }
dl.scope dd { margin: 0; }
nav.contents ol { display: flex; flex-wrap: wrap; gap: .4rem 1.4rem; list-style: none; padding: 0; margin: 1rem 0 0;
  font-size: .95rem; }

figure.chart { margin: 1rem 0 0; }
.chart-scroll { overflow-x: auto; border: 1px solid var(--rule); border-radius: 6px; padding: .5rem; }
.chart-scroll svg { display: block; width: 100%; height: auto; min-width: 40rem; }
.chart-scroll .chart-phone { display: none; }
figure.chart figcaption { color: var(--muted); font-size: .9rem; margin-top: .5rem; max-width: 52rem; }

.stance { display: inline-flex; align-items: center; font-weight: 650; white-space: nowrap; }
.kind { display: inline-block; font-size: .72rem; font-weight: 650; text-transform: uppercase; letter-spacing: .06em;
  padding: .05rem .45rem; border-radius: 999px; border: 1px solid var(--rule); color: var(--muted);
  vertical-align: .1em; }
.kind-revised { border-color: #9fb3c8; color: #243b53; background: #f0f4f8; }
.kind-changed { border-color: #c99a06; color: #5c4400; background: #fff3c4; }
.kind-reversed { border-color: #b42318; color: #fff; background: #b42318; }
.kind-retracted { border-color: #7b8794; color: #fff; background: #616e7c; }
time { font-variant-numeric: tabular-nums; }

.table-wrap { overflow-x: auto; margin-top: 1rem; }
table.matrix { border-collapse: collapse; width: 100%; font-size: .92rem; }
table.matrix th, table.matrix td { text-align: left; vertical-align: top; padding: .6rem .7rem;
  border-bottom: 1px solid var(--rule); }
table.matrix thead th { font-family: var(--serif); font-size: 1.05rem; border-bottom: 2px solid var(--ink); }
table.matrix tbody th { font-weight: 650; width: 13rem; }
table.matrix tbody tr:nth-child(even) { background: var(--band); }
table.matrix td .cell-head { display: flex; flex-wrap: wrap; gap: .1rem .6rem; align-items: baseline; }
table.matrix td time { color: var(--muted); font-size: .85rem; }
table.matrix td p { margin: .2rem 0; }
table.matrix td.none { color: #9aa5b1; }
.src { font-size: .85rem; }

section.party { margin-top: 1.5rem; }
ol.shifts { list-style: none; margin: 0 0 0 .45rem; padding: 0 0 0 1.3rem; border-left: 2px solid var(--rule); }
ol.shifts > li { position: relative; padding: .1rem 0 1.1rem; break-inside: avoid; }
ol.shifts > li > .marker { position: absolute; left: calc(-1.3rem - 8px); top: .3rem; width: 14px; height: 14px;
  background: #fff; border-radius: 50%; display: flex; align-items: center; justify-content: center; }
ol.shifts > li > .marker .glyph { width: 12px; height: 12px; margin: 0; }
ol.shifts > li.ringed > .marker { box-shadow: 0 0 0 2px #fff, 0 0 0 3.5px var(--ink); }
.shift-head { display: flex; flex-wrap: wrap; gap: .2rem .7rem; align-items: baseline; margin: 0; }
.shift-head > time { font-weight: 700; }
.was { color: var(--muted); font-size: .88rem; }
.position { font-size: 1.05rem; margin: .2rem 0 .25rem; max-width: 50rem; }
.conditions { font-size: .95rem; }
.label { font-weight: 650; color: var(--muted); }
blockquote.quote { margin: .4rem 0; padding: .1rem 0 .1rem .9rem; border-left: 3px solid var(--rule);
  font-family: var(--serif); font-style: italic; max-width: 48rem; }
.meta { color: var(--muted); font-size: .9rem; }
.corrected-note { font-size: .88rem; }

ul.amended { list-style: none; padding: 0; margin: 1rem 0 0; }
ul.amended > li { border: 1px solid var(--rule); border-radius: 6px; padding: .8rem 1rem; margin-bottom: .8rem;
  break-inside: avoid; }
ul.amended ul { margin: .4rem 0 0; padding-left: 1.2rem; }
ul.amended li li { margin: .25rem 0; }
.retracted-text { text-decoration: line-through; text-decoration-color: #7b8794; }
del { color: #8a1c1c; background: #fde8e8; text-decoration-thickness: 1px; }
ins { color: #0e5132; background: #def7ec; text-decoration: none; }

footer.record { margin-top: 3rem; }
footer.record dl { margin: .6rem 0 0; }
footer.record dt { font-weight: 650; margin-top: .8rem; }
footer.record dd { margin: .2rem 0 0; }
footer.record pre { margin: 0; padding: .55rem .8rem; background: var(--band); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.colophon { margin-top: 2rem; color: var(--muted); font-size: .85rem; }

@media (max-width: 720px) {
  body { font-size: 15px; }
  .page { padding: 1.2rem 1rem 2rem; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.3rem; }
  dl.scope { grid-template-columns: 1fr; }
  dl.scope dd { margin-bottom: .4rem; }
  .chart-scroll .chart-desktop { display: none; }
  .chart-scroll .chart-phone { display: block; min-width: 0; }
  table.matrix, table.matrix tbody, table.matrix tr, table.matrix th, table.matrix td { display: block; width: auto; }
  table.matrix thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.matrix tbody tr { border: 1px solid var(--rule); border-radius: 6px; margin-bottom: .8rem; }
  table.matrix tbody th { width: auto; border-bottom: 2px solid var(--ink); font-family: var(--serif); }
  table.matrix td::before { content: attr(data-party); display: block; font-size: .75rem; font-weight: 650;
    text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
  table.matrix td.none { display: none; }
}

@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  nav.contents { display: none; }
  h2 { break-after: avoid; margin-top: 1.6rem; }
  h3, h4 { break-after: avoid; }
  figure.chart, tr, ol.shifts > li, ul.amended > li { break-inside: avoid; }
  .chart-scroll { overflow: visible; border: none; padding: 0; }
  .chart-scroll svg { min-width: 0; }
  .chart-scroll .chart-desktop { display: block; }
  .chart-scroll .chart-phone { display: none; }
  .table-wrap { overflow: visible; }
  a { color: inherit; }
  a.src[href]::after, .meta a[href]::after { content: " <" attr(href) ">"; font-size: .8em; color: var(--muted);
    overflow-wrap: anywhere; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
