internal import Hummingbird
internal import Tally
internal import TallyBulletin
internal import TallyCore
internal import TallyStore
internal import TallyText

extension ServerEnvironment {
    /// A page rendered from the workspace behind the heavy-request limit, its language remembered in a cookie: the
    /// dashboard, the bulletin, the quality and the campaign pages.
    func heavyPage(
        _ request: Request, _ context: TallyRequestContext,
        render: @escaping @Sendable (Workspace) throws -> String
    ) async throws -> Response {
        let html = try await heavy.run { try await backend.read(render) }
        var response = Reply.html(html)
        SessionRoutes.rememberLanguage(request, context, &response, secure: configuration.secureCookies)
        return response
    }
}

/// The frame of every page: head, navigation, language switch.
enum Page {
    static func frame(
        title: String, language: Language, identity: Identity?, path: String = "/dashboard", body: String
    ) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.tag)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title.html) · Tally</title><link rel="stylesheet" href="/static/tally.css"></head>
        <body>
        \(header(language: language, identity: identity, path: path))
        <main>
        <h1>\(title.html)</h1>
        \(body)
        </main>
        <script src="/static/tally.js"></script>
        </body>
        </html>

        """
    }

    /// The bar at the top of every page: the menu for the user's role, the user, signing out and the language
    /// switch (`path` is the page's own address, for the switch).
    static func header(language: Language, identity: Identity?, path: String, class name: String? = nil) -> String {
        let t = { (label: Label) in label.text(language) }
        var nav = ""
        if let identity {
            nav = """
                <nav><span class="links"><a href="/dashboard">\(t(.dashboard).html)</a> <a href="\(ImportPage.path)">\(t(.importMenu).html)</a>\(identity.user.role != .clerk ? " <a href=\"\(ReportingPage.path)\">\(t(.reportingMenu).html)</a> <a href=\"/approvals\">\(t(.approvalsMenu).html)</a> <a href=\"\(AnalysisPage.path)\">\(t(.analysisMenu).html)</a> <a id=\"menu-bulletin\" href=\"\(BulletinPage.path)\">\(t(.bulletinMenu).html)</a> <a id=\"menu-quality\" href=\"\(QualityPage.path)\">\(t(.qualityMenu).html)</a> <a id=\"menu-campaign\" href=\"\(CampaignPage.path)\">\(t(.campaignMenu).html)</a>" : "")\(identity.isAdmin ? " <a href=\"/admin/periods\">\(t(.reportingPeriods).html)</a> <a href=\"\(UsersPage.path)\">\(t(.users).html)</a>" : "")</span>
                <a class="who" href="\(PasswordPage.path)" title="\(t(.changePassword).html)">\(identity.name.html)<span class="role"> (\(identity.user.role.rawValue))</span></a>
                <form method="post" action="/signout" class="inline"><input type="hidden" name="csrf" value="\(identity.session?.csrfToken.html ?? "")"><button type="submit">\(t(.signOut).html)</button></form>
                \(languageLinks(path: path, language: language))</nav>
                """
        } else {
            nav = "<nav>\(languageLinks(path: path, language: language))</nav>"
        }
        return "<header\(name.map { " class=\"\($0.html)\"" } ?? "")><strong>Tally</strong> \(nav)</header>"
    }

    /// A picker of `periods` (latest first) with `current` chosen, listed first when it is not among them.
    static func periodSelect(_ periods: [Period], current: Period) -> String {
        var shown = periods
        if !shown.contains(current) { shown.insert(current, at: 0) }
        let options = shown.map { option($0.identifier, $0.identifier, selected: $0 == current) }.joined()
        return "<select name=\"period\">\(options)</select>"
    }

    /// The comparison picker of the dashboard and the bulletin page (`compare=`): 同比, 环比 or none, `current` chosen.
    static func comparisonSelect(_ current: BulletinComparison, language: Language) -> String {
        let options = BulletinComparison.allCases.map {
            option($0.rawValue, $0.label.text(language), selected: $0 == current)
        }.joined()
        return
            "<label>\(Label.analysisComparison.text(language).html) <select name=\"compare\">\(options)</select></label>"
    }

    /// The `compare=` field of a page's address: none for the default (the same period last year).
    static func comparisonField(_ comparison: BulletinComparison) -> [(String, String)] {
        comparison == .lastYear ? [] : [("compare", comparison.rawValue)]
    }

    /// The options of a unit picker: `root` (the user's own unit), two levels below it, and `current`, in the tree's
    /// order, indented by level, `current` chosen.
    static func unitOptions(_ tree: OrgUnitTree, root: Int, current: Int) -> String {
        var units = [root]
        for child in tree.children(root) {
            units.append(child)
            units += tree.children(child)
        }
        if !units.contains(current) { units.append(current) }
        return units.map { u in
            let indent = String(repeating: "　", count: max(0, tree.level[u] - tree.level[root]))
            return option(tree.units[u].code, indent + tree.units[u].name, selected: u == current)
        }.joined()
    }

    /// A table of texts in a box that scrolls sideways with a visible cue when it is wider than the screen.
    static func table(id: String, columns: [String], numeric: [Bool], rows: [[String]]) -> String {
        let cell = { (tag: String, k: Int, text: String) in
            "<\(tag)\(k < numeric.count && numeric[k] ? " class=\"n\"" : "")>\(text.html)</\(tag)>"
        }
        var out = "<div class=\"tablebox\"><table class=\"data\" id=\"\(id.html)\"><tr>"
        out += columns.enumerated().map { cell("th", $0, $1) }.joined() + "</tr>"
        for row in rows { out += "<tr>" + row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>" }
        return out + "</table></div>"
    }

    /// `path` with the query of `fields` (name and value, each value URL-encoded), in order.
    static func address(_ path: String, _ fields: [(String, String)]) -> String {
        path + "?" + fields.map { "\($0)=\($1.addingURLQueryEncoding)" }.joined(separator: "&")
    }

    /// An option of a picker.
    static func option(_ value: String, _ text: String, selected: Bool) -> String {
        "<option value=\"\(value.html)\"\(selected ? " selected" : "")>\(text.html)</option>"
    }

    static func languageLinks(path: String, language: Language) -> String {
        let separator = path.contains("?") ? "&" : "?"
        return Language.allCases.filter { $0 != language }.map { other in
            "<a class=\"lang\" href=\"\(path.html)\(separator)lang=\(other.rawValue)\">\(other.ownName)</a>"
        }.joined(separator: " ")
    }

    static func error(_ refusal: ServerError, language: Language, identity: Identity?) -> String {
        frame(
            title: Label.errorTitle.text(language), language: language, identity: identity,
            body: """
                <p class="error" role="alert">\(refusal.message(language).html)</p>
                <p class="code">\(refusal.errorCode.html)</p>
                <p><a href="/dashboard">\(Label.back.text(language).html)</a></p>
                """)
    }

    /// The name of a unit, linked to its dashboard for `period` and `comparison`.
    static func unitLink(
        _ tree: OrgUnitTree, _ unit: Int, period: String, comparison: BulletinComparison = .lastYear
    ) -> String {
        let address = address(
            "/dashboard", [("orgunit", tree.units[unit].code), ("period", period)] + comparisonField(comparison))
        return "<a href=\"\(address.html)\">\(tree.units[unit].name.html)</a>"
    }

    static let css = """
        body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; color: #222; }
        header { background: #2b4a6f; color: #fff; padding: .5em 1em; display: flex; gap: 1em; align-items: center; overflow-x: auto; }
        header a, header button { color: #fff; }
        nav { display: flex; gap: 1em; align-items: center; flex: 1; flex-wrap: nowrap; white-space: nowrap; min-width: 0; }
        nav > * { flex: none; }
        /* The page links scroll sideways on a narrow screen; who, sign-out and language stay in view. */
        nav > .links { flex: 0 1 auto; min-width: 0; display: flex; gap: inherit; overflow-x: auto; }
        nav .lang { margin-left: auto; }
        .inline { display: inline; }
        button { cursor: pointer; }
        header button { background: none; border: 1px solid #fff; border-radius: 3px; }
        main { padding: 1em; max-width: 70em; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; }
        th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .error { color: #a00; font-weight: bold; }
        .warning { color: #a60; }
        .caveat { border-left: 4px solid #b45309; background: #fffbeb; padding: 0.5em 0.8em; }
        .ok { color: #070; }
        .muted { color: #777; font-size: .85em; }
        input.v { width: 6em; text-align: right; }
        input.t, textarea.t { width: 18em; max-width: 100%; box-sizing: border-box; font: inherit; }
        .text { white-space: pre-wrap; overflow-wrap: anywhere; }
        input.outlier { background: #fff3cd; }
        section { margin-bottom: 2em; }
        svg { max-width: 100%; height: auto; }
        form.filters { margin-bottom: 1em; }
        .wide th, .wide td { white-space: nowrap; }
        code.otp { white-space: nowrap; font-size: 1.1em; background: #eef5ee; padding: 0 .2em; }
        @media (max-width: 600px) {
          header { padding: .4em .5em; gap: .5em; font-size: .9em; }
          header > strong, header .role { display: none; }
          nav { gap: .5em; }
          main { padding: .75em .5em; }
        }
        @media (max-width: 420px) { header { font-size: .75em; padding: .4em .3em; } nav { gap: .35em; } }
        form.stacked input, form.stacked select { width: 100%; max-width: 24em; box-sizing: border-box; font-size: 1rem; }
        form.actions { margin: 1em 0; display: flex; flex-wrap: wrap; gap: .5em; }
        .wide { overflow-x: auto; max-width: 100%; }
        .saved { color: #070; font-weight: bold; overflow-wrap: anywhere; }
        table.problems td { overflow-wrap: anywhere; vertical-align: top; }
        form.stacked textarea { width: 100%; max-width: 24em; box-sizing: border-box; }
        table.grid th, table.grid td { white-space: nowrap; padding: .2em .4em; }
        table.grid tbody th { font-weight: normal; }
        table.grid tbody th, table.grid thead th:first-child, table.grid tfoot th { position: sticky; left: 0; background: #fff; }
        main:has(table.grid) { max-width: none; }
        #overdue td.missing, #overdue td.late { white-space: nowrap; }
        td.s, th.s { text-align: center; }
        td.ontime { color: #070; }
        td.late { background: #fff3cd; color: #840; }
        td.missing { background: #f8d7da; color: #a00; font-weight: bold; }
        .stage { font-size: 0.85em; padding: 0 0.25em; border-radius: 3px; white-space: nowrap; }
        td .stage { display: block; font-weight: normal; }
        .stage-submitted { background: #dbe9fb; color: #0b4a8b; }
        .stage-returned { background: #f3e0f7; color: #6a1b7a; }
        .stage-approved { background: #d4edda; color: #155724; }
        .stage-accepted { background: #155724; color: #fff; }
        form.return input[name=comment] { width: 100%; max-width: 24em; }
        ul.reports { padding-left: 0; list-style: none; }
        li.report { border-bottom: 1px solid #ddd; padding: 0.4em 0; }
        form.filters.stacked label { display: inline-block; margin: 0 .5em .5em 0; vertical-align: bottom; }
        #periods a.current { font-weight: bold; }
        table.entry td.repeat { visibility: hidden; }
        table.entry td.rule { overflow-wrap: anywhere; }
        table.entry input.v[aria-invalid=true] { border: 2px solid #a00; }
        @media (max-width: 600px) {
          table.entry, table.entry tbody, table.entry tr { display: block; }
          table.entry tr.head { display: none; }
          table.entry tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 .6em; padding: .5em 0; border-bottom: 1px solid #ddd; }
          table.entry td { display: block; border: none; padding: 0; }
          table.entry td.repeat { visibility: visible; }
          table.entry td.el { font-weight: bold; }
          table.entry td.in { flex: 1 0 100%; order: 1; margin: .25em 0; }
          table.entry td.in input.v { width: 100%; box-sizing: border-box; font-size: 1.1rem; text-align: left; }
          table.entry td.in .t { width: 100%; font-size: 1.1rem; }
          table.entry td[data-label] { order: 2; font-size: .85em; }
          table.entry td[data-label]::before { content: attr(data-label) " "; }
          table.entry td.hi { order: 3; font-size: .85em; }
          table.entry td.rule { flex: 1 0 100%; }
        }
        form.analysis fieldset { border: 1px solid #ccc; border-radius: 3px; margin: 0 0 .75em; padding: .4em .75em .6em; min-width: 0; }
        form.analysis .choices { display: flex; flex-wrap: wrap; gap: .2em 1.2em; max-height: 11em; overflow-y: auto; }
        form.analysis .row { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: flex-end; }
        form.analysis .row label { display: flex; flex-direction: column; gap: .15em; min-width: 0; }
        form.analysis .row label.grow { flex: 1 1 16em; }
        form.analysis select, form.analysis input, form.analysis textarea { font-size: 1rem; max-width: 100%; box-sizing: border-box; }
        form.analysis textarea, form.analysis label.grow input { width: 100%; }
        form.analysis button[type=submit] { font-size: 1rem; padding: .3em 1.2em; }
        .tablebox { overflow-x: auto; width: fit-content; max-width: 100%; margin: .5em 0; border: 1px solid #ddd;
          background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)), linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0,
            radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)), radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 100% 0;
          background-repeat: no-repeat; background-size: 2.5em 100%, 2.5em 100%, .9em 100%, .9em 100%; background-attachment: local, local, scroll, scroll; }
        table.pivot { margin: 0; }
        table.pivot th, table.pivot td { white-space: nowrap; }
        table.pivot tbody th { font-weight: normal; }
        table.pivot small.cmp { display: block; color: #666; font-size: .8em; }
        table.pivot td.missing-value { color: #999; }
        .scroll-hint { display: none; margin: .25em 0; }
        .downloads a { display: inline-block; margin: .2em .8em .2em 0; }
        figure.qchart { margin: .5em 0; overflow-x: auto; max-width: 100%; }
        figure.qchart svg { display: block; width: 100%; min-width: 460px; max-width: 640px; height: auto; }
        @media (max-width: 600px) { .scroll-hint { display: block; } }
        /* The dashboard's key figures fit a phone: headings and counts wrap, the cells draw closer. */
        @media (max-width: 600px) {
          #key-figures-table th, #key-figures-table td { white-space: normal; padding: .25em .3em; }
          #key-figures-table td.counts { font-size: .85em; }
        }
        .tablebox table.data { margin: 0; }
        table.data th, table.data td { white-space: nowrap; }
        section.campaign h2, section.campaign h3 { font-size: 1.1em; }
        ul.findings { padding-left: 1.2em; }
        ul.findings li { margin: .3em 0; overflow-wrap: anywhere; }
        ul.findings .tag { font-size: .85em; }
        form.filters.quality { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: flex-end; }
        form.filters.quality label { display: flex; flex-direction: column; gap: .15em; min-width: 0; max-width: 100%; }
        form.filters.quality select, form.filters.quality input { font-size: 1rem; max-width: 100%; }
        #import-progress { margin: 1em 0; overflow-wrap: anywhere; }
        #import-progress progress { display: block; width: 100%; max-width: 24em; height: 1.2em; margin-bottom: .3em; }
        @media print {
          header, .noprint, form.filters { display: none; }
          main { max-width: none; padding: 0; }
          table { width: 100%; font-size: 10.5pt; }
          th, td { border: 1px solid #444; }
        }
        """

    /// Keyboard-friendly entry: Enter moves to the next field (a text area keeps it for its lines); values outside the
    /// usual range are marked
    /// as they are typed (the server warns again before saving). The print button; the analysis chart's PNG. The
    /// import page's forms sent by script (``ImportPage``), with their progress.
    static let javaScript = """
        (function () {
          // The import page: each step's form sent by script with the upload's progress (bytes sent of all), then the
          // server's reading of the file, asked twice a second, until the step's page opens. Without script, or
          // when the server does not answer 202, the forms are plain POSTs and their answer is the page.
          var progress = document.getElementById('import-progress');
          if (progress && window.XMLHttpRequest && window.FormData && window.URLSearchParams && window.fetch) {
            var bar = progress.querySelector('progress'), said = progress.querySelector('span');
            var show = function (text, fraction) {
              progress.hidden = false;
              said.textContent = text;
              if (fraction === null || fraction === undefined) { bar.removeAttribute('value'); } else { bar.value = Math.round(fraction * 100); }
            };
            var size = function (n) { return n < 1048576 ? Math.ceil(n / 1024) + ' KB' : (n / 1048576).toFixed(1) + ' MB'; };
            var failed = function (button, text) {
              show(text || progress.dataset.failed, 0);
              if (button) { button.disabled = false; }
            };
            var follow = function (job, button) {
              fetch(job.progress, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
                .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
                .then(function (answer) {
                  var j = answer[1];
                  if (answer[0] !== 200) { failed(button, j.error && j.error.message); return; }
                  show(j.message, j.percent === undefined ? null : j.percent / 100);
                  if (j.state === 'done') { location.replace(j.page); } else { setTimeout(function () { follow(job, button); }, 500); }
                }, function () { setTimeout(function () { follow(job, button); }, 1500); });
            };
            Array.prototype.forEach.call(document.querySelectorAll('form[data-job]'), function (form) {
              form.addEventListener('submit', function (e) {
                e.preventDefault();
                var button = form.querySelector('button[type=submit]');
                if (button) { button.disabled = true; }
                form.parentNode.insertBefore(progress, form.nextSibling);
                show(progress.dataset.sending.replace('{0}', '0 KB').replace('{1}', '…').replace('{2}', '0'), 0);
                progress.scrollIntoView({ block: 'nearest' });
                var xhr = new XMLHttpRequest();
                xhr.open('POST', form.action);
                xhr.setRequestHeader('X-Tally-Job', '1');
                xhr.upload.onprogress = function (ev) {
                  if (!ev.lengthComputable || ev.total === 0) { return; }
                  show(progress.dataset.sending.replace('{0}', size(ev.loaded)).replace('{1}', size(ev.total))
                    .replace('{2}', String(Math.floor(ev.loaded * 100 / ev.total))), ev.loaded / ev.total);
                };
                xhr.onload = function () {
                  if (xhr.status === 202) { follow(JSON.parse(xhr.responseText), button); return; }
                  document.open();
                  document.write(xhr.responseText);
                  document.close();
                };
                xhr.onerror = function () { failed(button); };
                var data = new FormData(form);
                xhr.send(form.enctype === 'multipart/form-data' ? data : new URLSearchParams(data));
              });
            });
          }
          var print = document.getElementById('print');
          if (print) { print.addEventListener('click', function () { window.print(); }); }
          // The analysis page's chart as PNG: the SVG on the page drawn on a canvas at twice its size, in the page's
          // font, on white, and saved.
          var png = document.getElementById('download-png'), figure = document.getElementById('chart');
          if (png && figure && figure.querySelector('svg') && window.HTMLCanvasElement && HTMLCanvasElement.prototype.toBlob) {
            png.hidden = false;
            png.addEventListener('click', function () {
              var svg = figure.querySelector('svg'), box = svg.viewBox && svg.viewBox.baseVal;
              var rect = svg.getBoundingClientRect();
              var w = (box && box.width) || rect.width, h = (box && box.height) || rect.height;
              var copy = svg.cloneNode(true);
              copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
              copy.setAttribute('width', w);
              copy.setAttribute('height', h);
              copy.setAttribute('font-family', getComputedStyle(document.body).fontFamily);
              var image = new Image();
              image.onload = function () {
                var canvas = document.createElement('canvas');
                canvas.width = Math.ceil(w * 2);
                canvas.height = Math.ceil(h * 2);
                var context = canvas.getContext('2d');
                context.fillStyle = '#fff';
                context.fillRect(0, 0, canvas.width, canvas.height);
                context.scale(2, 2);
                context.drawImage(image, 0, 0, w, h);
                canvas.toBlob(function (blob) {
                  var link = document.createElement('a');
                  link.href = URL.createObjectURL(blob);
                  link.download = png.dataset.name || 'chart.png';
                  document.body.appendChild(link);
                  link.click();
                  link.remove();
                  setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
                }, 'image/png');
              };
              image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(copy));
            });
          }
          // Every field of the entry form is in the chain; Enter in a text area starts a new line instead.
          var inputs = Array.prototype.slice.call(document.querySelectorAll('input.v, input.t, textarea.t'));
          inputs.forEach(function (input, i) {
            if (input.tagName !== 'TEXTAREA') input.addEventListener('keydown', function (e) {
              if (e.key === 'Enter') {
                e.preventDefault();
                var next = inputs[i + (e.shiftKey ? -1 : 1)];
                if (next) { next.focus(); next.select(); } else { input.form.querySelector('button[type=submit]').focus(); }
              }
            });
            if (input.classList.contains('v')) input.addEventListener('input', function () {
              var v = parseFloat(input.value), low = parseFloat(input.dataset.low), high = parseFloat(input.dataset.high);
              input.classList.toggle('outlier', !isNaN(v) && ((!isNaN(low) && v < low) || (!isNaN(high) && v > high)));
            });
          });
        })();
        """
}
