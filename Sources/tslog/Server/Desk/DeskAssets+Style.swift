extension DeskAssets {
    /// `/desk/app.css`.
    static let style = #"""
:root { --fg: #1d2330; --muted: #5b6476; --line: #d9dde5; --bg: #f6f7f9; --card: #fff; --accent: #2457c5; --bad: #b42318; --warn: #a15c00; --ok: #17703a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
header .home { font-weight: 700; color: var(--fg); text-decoration: none; margin-right: auto; }
header form { margin: 0; }
button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
button:hover, button:focus-visible { border-color: var(--accent); }
#message { margin: 8px 16px; min-height: 1.4em; }
#message.ok { color: var(--ok); } #message.error { color: var(--bad); } #message.conflict { color: var(--warn); font-weight: 600; }
#message.paused { color: var(--warn); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 0 16px; }
.filters input, .filters select { font: inherit; padding: 3px 6px; }
#count { font-weight: 600; margin-left: auto; }
.keys { color: var(--muted); padding: 0 16px; margin: 6px 0; font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; padding: 8px 16px 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px; display: flex; flex-direction: column; gap: 4px; outline: none; }
.card.selected, .card:focus { border-color: var(--accent); box-shadow: 0 0 0 2px rgba(36, 87, 197, .25); }
.card.conflict { border-color: var(--warn); }
.card.gone { opacity: .5; }
.crop { aspect-ratio: 1; display: flex; align-items: center; justify-content: center; background: #eef0f4; border-radius: 4px; overflow: hidden; }
.crop img { width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; }
.nocrop { color: var(--muted); font-size: 12px; }
.label { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.facts { margin: 0; display: flex; flex-wrap: wrap; gap: 6px; color: var(--muted); font-size: 12px; }
.status-error { color: var(--bad); } .status-rejected { color: var(--warn); } .status-accepted { color: var(--ok); }
.actions { display: flex; gap: 6px; align-items: center; }
.actions .open { margin-left: auto; font-size: 12px; }
.editor input { width: 100%; font: inherit; padding: 3px 6px; }
.sample { display: grid; grid-template-columns: minmax(280px, 480px) 1fr; gap: 16px; padding: 8px 16px; }
.card.large .crop { min-height: 320px; }
.imagefacts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; align-content: start; }
.imagefacts dt { color: var(--muted); } .imagefacts dd { margin: 0; overflow-wrap: anywhere; }
section[aria-label="History"] { padding: 0 16px 16px; }
#same { padding: 0 16px 8px; }
#same-summary { overflow-wrap: anywhere; }
#same-summary.conflict { color: var(--warn); }
#same-list { margin: 0; padding-left: 20px; }
#same-list li { margin: 2px 0; }
#same-list .same-facts { color: var(--muted); font-size: 12px; margin-left: 6px; }
#history { border-collapse: collapse; width: 100%; background: #fff; }
#history th, #history td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.signin { max-width: 360px; margin: 12vh auto; background: #fff; padding: 24px; border: 1px solid var(--line); border-radius: 10px; }
.signin form { display: flex; flex-direction: column; gap: 8px; }
.signin input { font: inherit; padding: 6px; }
.error { color: var(--bad); }
.hint { color: var(--muted); font-size: 12px; }
"""#
}
