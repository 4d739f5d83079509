/// The report's stylesheet, inlined into the page: system fonts only, print-friendly.
enum ReportStyle {
    static let css = """
    :root{--fg:#111827;--muted:#6b7280;--card:#fff;--bg:#f3f4f6;--line:#e5e7eb}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1200px;padding:24px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
    h1{margin:0;font-size:26px}h2{margin:0 0 10px;font-size:17px}h3{margin:4px 0 6px;font-size:14px}
    .muted{color:var(--muted);font-weight:normal}code{font:12px ui-monospace,"DejaVu Sans Mono",monospace}
    header{margin-bottom:16px}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 16px;break-inside:avoid}
    .kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-bottom:16px}
    .kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
    .kpi-value{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}
    .row{display:grid;grid-template-columns:1fr 1fr;gap:16px}
    .split{display:flex;align-items:center;gap:20px}.split svg{flex:0 0 auto;width:240px;height:auto}
    .legend{border-collapse:collapse;flex:1}.legend td{padding:5px 8px;border-bottom:1px solid var(--line)}
    .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:8px;vertical-align:-1px}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    svg text{font-family:inherit}svg .big{font-size:28px;font-weight:600;fill:var(--fg)}svg .muted{font-size:12px;fill:var(--muted)}
    svg .axis{font-size:11px;fill:var(--muted)}svg .label{font-size:12px;fill:var(--fg)}svg .value{font-size:11px;fill:var(--muted)}svg .value.low{fill:#dc2626;font-weight:600}
    .activity,.timeline{width:100%;height:auto}.bucket{fill:#2563eb}.bucket:hover{fill:#1d4ed8}
    .grid{stroke:var(--line)}.axisline{stroke:#9ca3af}
    .line-samples{stroke:#2563eb;stroke-width:2.5}.line-rate{stroke:#16a34a;stroke-width:2;stroke-dasharray:5 3}.dot-samples{fill:#2563eb}
    .key{display:inline-block;width:18px;height:0;margin:0 6px 3px 0;vertical-align:middle}.key.samples{border-top:3px solid #2563eb}.key.rate{border-top:3px dashed #16a34a}
    .columns{display:grid;grid-template-columns:repeat(3,1fr);gap:16px}.hbars{width:100%;height:auto}
    .more{color:var(--muted);font-size:12px;margin:6px 0 0}
    table.rows{width:100%;border-collapse:collapse;font-size:12.5px}
    .rows th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px}
    .rows td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
    .nowrap{white-space:nowrap}.id,.url{font:11px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted)}
    .status{padding:1px 7px;border-radius:9px;font-size:11.5px;background:#e5e7eb}
    .status.accepted{background:#dcfce7;color:#166534}.status.rejected{background:#ffedd5;color:#9a3412}.status.error{background:#fee2e2;color:#991b1b}
    footer{margin:8px 0 24px;font-size:12px}
    @media (max-width:900px){.row,.columns{grid-template-columns:1fr}.kpis{grid-template-columns:repeat(2,1fr)}}
    @media print{body{background:#fff;max-width:none;padding:0}.card,.kpi{border-color:#d1d5db}.bucket:hover{fill:#2563eb}}
    """
}
