"""Score a build against a gold annotation (CONTRACT.md §4).

Reads the graph only through the contract's terms (schema.org, W3C ORG), exactly as the reference
scorer does, so that ``kg eval`` and ``score_graph.py`` report the same figures on the same build:
entities matched by canonical name or by an alias that belongs to one gold entity only, extra nodes of a
split entity counted as false positives, ``required: false`` items neither rewarded nor penalised.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, URIRef

from kg.errors import InputError
from kg.store import load_rdflib

S = rdflib.Namespace("https://schema.org/")
S_HTTP = "http://schema.org/"
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")

ORG_TYPES = frozenset(
    [
        "Organization",
        "WorkersUnion",
        "Corporation",
        "GovernmentOrganization",
        "Hospital",
        "BankOrCreditUnion",
        "EducationalOrganization",
        "NGO",
        "LocalBusiness",
        "School",
        "MedicalOrganization",
        "FinancialService",
        "PerformingGroup",
        "SportsOrganization",
        "NewsMediaOrganization",
        "Project",
        "ResearchOrganization",
        "Consortium",
        "Airline",
        "CollegeOrUniversity",
        "HighSchool",
        "MiddleSchool",
        "Library",
        "PoliticalParty",
    ]
)
PLACE_TYPES = frozenset(
    [
        "Place",
        "AdministrativeArea",
        "City",
        "State",
        "Country",
        "CivicStructure",
        "BusStop",
        "TrainStation",
        "Landform",
        "Residence",
        "Accommodation",
    ]
)
ENTITY_TYPES = ("Person", "Organization", "Place")

#: gold relation kind -> (predicate, read inverted) pairs that assert it
ACCEPT = {
    "headedBy": [(ORG.headOf, False)],
    "memberOf": [
        (S.memberOf, False),
        (S.worksFor, False),
        (ORG.memberOf, False),
        (S.affiliation, False),
        (ORG.headOf, False),
    ],
    "parentOrganization": [
        (S.parentOrganization, False),
        (S.subOrganization, True),
        (ORG.subOrganizationOf, False),
        (ORG.hasSubOrganization, True),
        (ORG.unitOf, False),
        (ORG.hasUnit, True),
    ],
    "location": [(S.location, False), (S.areaServed, False), (S.containedInPlace, False)],
    "containedInPlace": [(S.containedInPlace, False), (S.containsPlace, True)],
}


def norm(s: object) -> str:
    """Names compare without white space or quotation marks."""
    return "".join(str(s).split()).replace("“", "").replace("”", "").replace('"', "")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def load_graph(path: str | Path) -> rdflib.Graph:
    """Load Turtle/TriG/N-Quads into one graph, folding http://schema.org/ onto https://schema.org/."""
    g = load_rdflib(path, prefer=("graph.ttl", "graph.trig", "graph.nq"))  # what the reference scorer reads

    def fold(x):
        if isinstance(x, URIRef) and str(x).startswith(S_HTTP):
            return URIRef(str(S) + str(x)[len(S_HTTP) :])
        return x

    changes = [
        (t, tuple(fold(x) for x in t))
        for t in g
        if any(isinstance(x, URIRef) and str(x).startswith(S_HTTP) for x in t)
    ]
    for old, new in changes:
        g.remove(old)
        g.add(new)
    return g


def _superclasses(g: rdflib.Graph, cls, seen: set | None = None) -> set:
    seen = set() if seen is None else seen
    if cls in seen:
        return seen
    seen.add(cls)
    for sup in g.objects(cls, RDFS.subClassOf):
        _superclasses(g, sup, seen)
    return seen


def kinds_of(g: rdflib.Graph, node) -> set[str]:
    """The scorer's coarse kinds of a node: Person, Organization, Place, Event, Article, Photo."""
    out = set()
    for t in g.objects(node, RDF.type):
        for c in _superclasses(g, t):
            c = str(c)
            if c.startswith(str(S)):
                local = c[len(str(S)) :]
                if local == "Person":
                    out.add("Person")
                elif local in ORG_TYPES:
                    out.add("Organization")
                elif local in PLACE_TYPES:
                    out.add("Place")
                elif local.endswith("Event"):
                    out.add("Event")
                elif local in ("NewsArticle", "Article", "ReportageNewsArticle"):
                    out.add("Article")
                elif local in ("Photograph", "ImageObject"):
                    out.add("Photo")
            elif c in (str(ORG.Organization), str(ORG.FormalOrganization), str(ORG.OrganizationalUnit)):
                out.add("Organization")
    return out


def names(g: rdflib.Graph, node) -> set[str]:
    return {norm(o) for p in (S.name, S.alternateName, RDFS.label, S.legalName) for o in g.objects(node, p)}


def score_entities(g: rdflib.Graph, gold: dict, nodes: dict) -> tuple[dict, dict]:
    """Entity P/R/F by type; returns the report and gold name -> matched nodes."""
    gold_by_type = defaultdict(list)
    for e in gold["entities"]:
        gold_by_type[e["type"]].append(e)
    other_names = {
        t: {norm(n) for e in gold_by_type[t] for n in [e["name"], *e.get("aliases", [])]}
        for t in ENTITY_TYPES
    }
    match: dict[str, list] = {}
    by_type, missed, spurious, split = {}, [], [], []
    tp_all = fp_all = fn_all = 0
    for typ in ENTITY_TYPES:
        golds = gold_by_type[typ]
        canon = {norm(e["name"]): e for e in golds}
        owners = defaultdict(list)
        for e in golds:
            for n in e.get("aliases", []):
                owners[norm(n)].append(e)
        alias = {n: es[0] for n, es in owners.items() if len(es) == 1 and n not in canon}
        matched = defaultdict(list)
        fp = 0
        for node in nodes[typ]:
            ns = names(g, node)
            hit = [canon[n] for n in ns if n in canon] or [alias[n] for n in sorted(ns) if n in alias]
            if hit:
                matched[hit[0]["name"]].append(node)
            elif not any(n in other_names[t] for t in kinds_of(g, node) if t != typ for n in ns):
                fp += 1
                spurious.append(f"{typ}:{'/'.join(sorted(ns)) or str(node)}")
        tp = fn = 0
        for e in golds:
            got = matched.get(e["name"], [])
            if got:
                match[e["name"]] = got
            if not e["required"]:
                continue
            if got:
                tp += 1
                if len(got) > 1:
                    fp += len(got) - 1
                    split.append(f"{e['name']}x{len(got)}")
            else:
                fn += 1
                missed.append(f"{typ}:{e['name']}")
        p, r, f = prf(tp, fp, fn)
        by_type[typ] = dict(p=p, r=r, f=f, tp=tp, fp=fp, fn=fn)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    p, r, f = prf(tp_all, fp_all, fn_all)
    report = dict(p=p, r=r, f=f, by_type=by_type, missed=missed, spurious=sorted(spurious)[:80], split=split)
    return report, match


def score_relations(g: rdflib.Graph, gold: dict, match: dict) -> dict:
    def n_of(name):
        return set(match.get(name, []))

    tp = fn = 0
    missed = []
    gold_pairs = defaultdict(set)
    for rel in gold["relations"]:
        if rel["p"] == "award":
            continue
        subj, obj = (rel["o"], rel["s"]) if rel["p"] == "headedBy" else (rel["s"], rel["o"])
        gold_pairs[rel["p"]].add((subj, obj))
        ok = any(
            ((b, pred, a) in g) if inverse else ((a, pred, b) in g)
            for pred, inverse in ACCEPT[rel["p"]]
            for a in n_of(subj)
            for b in n_of(obj)
        )
        if rel["p"] == "memberOf" and not ok:
            ok = any(
                any(o in n_of(obj) for o in g.objects(m, ORG.organization))
                for a in n_of(subj)
                for m in g.subjects(ORG.member, a)
            )
        if not rel["required"]:
            continue
        if ok:
            tp += 1
        else:
            fn += 1
            missed.append(f"{rel['s']} {rel['p']} {rel['o']}")
    node_name = {n: name for name, ns in match.items() for n in ns}
    allowed = set().union(*gold_pairs.values()) if gold_pairs else set()
    up = defaultdict(set)
    for rel in gold["relations"]:
        if rel["p"] in ("containedInPlace", "parentOrganization"):
            up[rel["s"]].add(rel["o"])

    def ancestors(x, seen=None):
        seen = set() if seen is None else seen
        for y in up.get(x, ()):
            if y not in seen:
                seen.add(y)
                ancestors(y, seen)
        return seen

    allowed |= {(x, z) for x, y in set(allowed) for z in ancestors(y)}
    wrong = set()
    for preds in ACCEPT.values():
        for pred, inverse in preds:
            for a, b in g.subject_objects(pred):
                if a in node_name and b in node_name:
                    x, y = (node_name[b], node_name[a]) if inverse else (node_name[a], node_name[b])
                    if x != y and (x, y) not in allowed:
                        wrong.add(f"{x} {pred.split('/')[-1].split('#')[-1]} {y}")
    wrong_list = sorted(wrong)
    p, r, f = prf(tp, len(wrong_list), fn)
    return dict(p=p, r=r, f=f, tp=tp, fn=fn, fp=len(wrong_list), missed=missed, wrong=wrong_list[:60])


def score_articles(g: rdflib.Graph, gold: dict, nodes: dict) -> tuple[dict, dict, dict]:
    arts, photos = nodes["Article"], nodes["Photo"]
    by_headline = {norm(h): a for a in arts for h in g.objects(a, S.headline)}
    art_ok = byline_ok = byline_total = 0
    art_node, byline_missed = {}, []
    n_text_articles = sum(1 for x in gold["articles"] if x.get("kind") != "photo")
    for ga in gold["articles"]:
        if ga.get("kind") == "photo":
            key = norm(ga["caption_starts_with"])[:10]
            node = next(
                (
                    ph
                    for ph in photos
                    if any(
                        norm(c).startswith(key) or key in norm(c)
                        for p in (S.caption, S.description, S.text)
                        for c in g.objects(ph, p)
                    )
                ),
                None,
            )
            roles = {"photographers": [S.creator, S.author, S.copyrightHolder]}
        else:
            node = by_headline.get(norm(ga["headline"])) if ga.get("headline") else None
            if node is None and ga.get("starts_with"):
                key = norm(ga["starts_with"])[:12]
                node = next(
                    (
                        a
                        for a in arts
                        if any(norm(b)[:200].find(key) >= 0 for b in g.objects(a, S.articleBody))
                    ),
                    None,
                )
            if node is None and not ga.get("headline") and len(arts) == 1 and n_text_articles == 1:
                node = next(iter(arts))
            roles = {"authors": [S.author], "contributors": [S.contributor]}
        art_node[ga["id"]] = node
        if node is not None:
            art_ok += 1
        for role, preds in roles.items():
            want = {norm(x) for x in ga[role]}
            people = [
                names(g, pn) for pred in preds for pn in (g.objects(node, pred) if node is not None else [])
            ]
            got = set().union(*people) if people else set()
            byline_total += 1
            if node is not None and want <= got and all(ns & want for ns in people):
                byline_ok += 1
            else:
                byline_missed.append(f"{ga['id']}.{role}: want {sorted(want)} got {sorted(got)}")
    articles = dict(
        found=art_ok, total=len(gold["articles"]), article_nodes=len(arts), photo_nodes=len(photos)
    )
    bylines = dict(ok=byline_ok, total=byline_total, missed=byline_missed)
    return articles, bylines, art_node


def score_events(g: rdflib.Graph, gold: dict, nodes: dict, match: dict, art_node: dict) -> dict:
    def n_of(name):
        return set(match.get(name, []))

    results, total_score, total = [], 0.0, 0
    for ge in gold["events"]:
        if not ge["required"]:
            continue
        total += 1
        if ge.get("organizer"):
            org_nodes = n_of(ge["organizer"])
            cands = [e for e in nodes["Event"] if set(g.objects(e, S.organizer)) & org_nodes]
        else:
            keys = [norm(n) for n in ge["names"]]
            cands = [
                e
                for e in nodes["Event"]
                if any(k in nm or (len(nm) >= 2 and nm in k) for nm in names(g, e) for k in keys)
            ]
        if ge.get("date"):
            md = ge["date"][2:]
            dated = [e for e in cands if any(md in str(d) for d in g.objects(e, S.startDate))]
        else:
            dated = cands
        checks: dict[str, float | bool] = {"found": bool(cands)}
        if ge.get("date"):
            checks["date"] = bool(dated)
        pool = dated or cands
        if ge.get("location"):
            checks["location"] = any(set(g.objects(e, S.location)) & n_of(ge["location"]) for e in pool)
        if ge.get("participants"):
            got = set()
            for e in pool:
                for pred in (S.performer, S.attendee, S.contributor, S.sponsor, S.funder):
                    got |= set(g.objects(e, pred))
            hit = [p for p in ge["participants"] if n_of(p) & got]
            checks["participants"] = round(len(hit) / len(ge["participants"]), 2)
        gold_arts = [art_node.get(a) for a in ge["articles"] if a.startswith("a")]
        if len(gold_arts) > 1:
            linked_ok = False
            for e in pool:
                linked = (
                    set(g.objects(e, S.subjectOf))
                    | set(g.subjects(S.about, e))
                    | set(g.subjects(S.mentions, e))
                )
                if all(a is not None and a in linked for a in gold_arts):
                    linked_ok = True
            checks["one_node_all_articles"] = linked_ok and len(pool) == 1
        vals = [float(v) for v in checks.values()]
        s = sum(vals) / len(vals)
        total_score += s
        results.append(dict(id=ge["id"], score=round(s, 2), **checks))
    return dict(
        score=round(total_score / total, 3) if total else 0, detail=results, event_nodes=len(nodes["Event"])
    )


def evaluate(graph: str | Path, gold_path: str | Path) -> dict:
    """Score ``graph`` (a build folder or graph file) against the gold file; the full report as a dict."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
        gold["entities"], gold["relations"], gold["articles"], gold["events"]  # noqa: B018
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{gold_path}: not a gold annotation file ({type(e).__name__}: {e})") from e
    g = load_graph(graph)
    nodes = defaultdict(set)
    for s in set(g.subjects(RDF.type, None)):
        for k in kinds_of(g, s):
            nodes[k].add(s)
    report: dict = {"triples": len(g)}
    report["entities"], match = score_entities(g, gold, nodes)
    report["relations"] = score_relations(g, gold, match)
    report["articles"], report["bylines"], art_node = score_articles(g, gold, nodes)
    report["events"] = score_events(g, gold, nodes, match, art_node)
    return report


def summary_line(report: dict) -> str:
    """The reference scorer's closing line, character for character."""
    e, r, ev, b, a = (report[k] for k in ("entities", "relations", "events", "bylines", "articles"))
    return (
        f"entityF1={e['f']} (P={e['p']} R={e['r']}) relF1={r['f']} (P={r['p']} R={r['r']}) "
        f"events={ev['score']} bylines={b['ok']}/{b['total']} articles={a['found']}/{a['total']}"
    )


def format_report(report: dict) -> str:
    """A readable table by type, the misses, then the one-line summary."""
    lines = []
    ents = report["entities"]
    lines.append(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for typ, s in ents["by_type"].items():
        lines.append(f"{typ:14}{s['p']:>7}{s['r']:>7}{s['f']:>7}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}")
    lines.append(f"{'entities':14}{ents['p']:>7}{ents['r']:>7}{ents['f']:>7}")
    rel = report["relations"]
    lines.append(
        f"{'relations':14}{rel['p']:>7}{rel['r']:>7}{rel['f']:>7}{rel['tp']:>5}{rel['fp']:>5}{rel['fn']:>5}"
    )
    lines.append(f"events score {report['events']['score']}  ({report['events']['event_nodes']} event nodes)")
    b, a = report["bylines"], report["articles"]
    lines.append(f"bylines {b['ok']}/{b['total']}  articles {a['found']}/{a['total']}")
    for label, items in (
        ("missed entities", ents["missed"]),
        ("spurious entities", ents["spurious"]),
        ("split entities", ents["split"]),
        ("missed relations", rel["missed"]),
        ("wrong relations", rel["wrong"]),
        ("byline misses", b["missed"]),
    ):
        if items:
            lines.append(f"{label}: " + "; ".join(items))
    weak = [f"{d['id']}={d['score']}" for d in report["events"]["detail"] if d["score"] < 1]
    if weak:
        lines.append("events below 1: " + ", ".join(weak))
    lines.append(summary_line(report))
    return "\n".join(lines)
