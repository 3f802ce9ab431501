#!/usr/bin/env python3
"""Synthetic news articles and the gazetteer the scripted server answers them from (stdlib only).

    gen_articles.py --out DIR --articles N [--seed S] [--people P] [--organizations O]
                    [--locations L] [--events E]

Writes DIR/gazetteer.json (people, organizations, locations, events with aliases) and
DIR/articles/: N articles, a mix of .md (~70%), .txt (~20%) and .json (~10%), each mentioning
about 6-14 gazetteer entities. Entities are drawn with a Zipf-like popularity, so the popular ones
recur across many articles (entity resolution merges them) and the long tail appears once or
twice (new entities). People are sometimes named only by an alias ("Minister Okafor"),
organizations by their acronym, so resolution also meets partial names. Each entity carries a
fixed descriptive phrase next to its mentions, so its evidence text is similar across articles.

Deterministic: the same arguments always write the same bytes. The names are invented from
syllables; no real person or organization is meant.
"""
import argparse
import json
import os
import random
import sys

FIRST = ["Ada", "Bela", "Cato", "Dana", "Edda", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Kira",
         "Lena", "Milo", "Nora", "Otto", "Pia", "Rosa", "Sami", "Tilde", "Uma", "Vera", "Wim",
         "Yara", "Zeno", "Amara", "Bruno", "Clara", "Dario", "Elif", "Farid", "Gia", "Hana",
         "Ivo", "Juno", "Kofi", "Lior", "Mara", "Nils", "Olga", "Paz", "Quinn", "Rafa", "Sela",
         "Tomas", "Ulla", "Vito", "Wren", "Xenia", "Yusuf", "Zora"]
SYL_A = ["Al", "Bren", "Cor", "Dal", "Esk", "Fen", "Gar", "Hal", "Isen", "Jor", "Kel", "Lom",
         "Mar", "Nor", "Orl", "Pell", "Quar", "Ros", "Sten", "Tor", "Ulm", "Var", "Wes", "Yor",
         "Zan", "Ash", "Brum", "Cray", "Dun", "Elm"]
SYL_B = ["bury", "dale", "ford", "grove", "holt", "lin", "mere", "ney", "osk", "quist", "ridge",
         "stad", "ton", "vik", "wick", "worth", "ard", "ell", "and", "cott"]
PERSON_ROLES = [("politician", "Minister", "the regional minister for water and housing"),
                ("politician", "Mayor", "the mayor who chairs the emergency board"),
                ("official", "Director", "the director of the public works office"),
                ("executive", "CEO", "the chief executive of a regional utility"),
                ("lawyer", "Counsel", "a lawyer representing residents in the class action"),
                ("journalist", "Reporter", "an investigative reporter at the city paper"),
                ("activist", "Organizer", "a neighbourhood organizer campaigning for clean water"),
                ("expert", "Dr.", "a hydrologist who studies river contamination")]
# Subtypes are the news domain's (config/domains/news/domain.yaml); hinbox rejects others.
ORG_KINDS = [("utility", "Water Authority"), ("government_agency", "Department of Environment"),
             ("legislature", "City Council"), ("company", "Chemical Company"),
             ("advocacy", "Residents Coalition"), ("media", "Ledger"), ("law_firm", "Legal Partners"),
             ("court", "Circuit Court"), ("company", "Engineering Group"), ("nonprofit", "River Trust"),
             ("utility", "Power Cooperative"), ("government_agency", "Health Board"),
             ("legislature", "County Assembly"), ("company", "Pipeworks"), ("advocacy", "Tenants Union"),
             ("media", "Broadcasting"), ("law_firm", "Chambers"), ("court", "Appeals Tribunal"),
             ("educational", "Institute of Hydrology"), ("political_party", "Reform Party")]
LOC_KINDS = [("city", "", "a river city of about 90,000 people"),
             ("neighborhood", "", "a low-lying neighbourhood on the east bank"),
             ("body_of_water", " River", "the river that feeds the municipal intake"),
             ("facility", " Treatment Plant", "the treatment plant that serves the east side"),
             ("region", " Valley", "the valley district upstream of the intake")]
EVENT_KINDS = [("investigation", "Inquiry"), ("hearing", "Hearing"), ("emergency", "Water Emergency"),
               ("lawsuit", "Class Action"), ("election", "Election"), ("disaster", "Flood")]
FILLER = [
    "Officials said the figures would be published after the next round of sampling.",
    "Residents packed the library meeting room, and several asked for bottled water deliveries.",
    "The budget for pipe replacement has been revised twice since the spring.",
    "Independent tests ordered by the newspaper found levels close to the federal limit.",
    "A spokesperson declined to comment on the timeline while the review is under way.",
    "The council is expected to vote on the emergency funding package next month.",
    "Engineers inspected the intake valves and recommended replacing two of them.",
    "Documents obtained through a records request show the warning was raised in March.",
    "Several local businesses closed early after the boil-water notice was extended.",
    "The state laboratory said it had doubled its staff to clear the backlog of samples.",
    "Critics argued that the monitoring network had too few stations on the east side.",
    "The hearing was adjourned after four hours of testimony and will resume on Thursday.",
]


def syllable_name(rng, used):
    while True:
        name = rng.choice(SYL_A) + rng.choice(SYL_B)
        if name not in used:
            used.add(name)
            return name


def make_gazetteer(rng, people, organizations, locations, events):
    used = set()  # every single-word name part, so no two entities share a surname or place name
    gaz = {"person": [], "organization": [], "location": [], "event": []}
    for i in range(people):
        surname = syllable_name(rng, used)
        first = FIRST[i % len(FIRST)]
        subtype, title, phrase = PERSON_ROLES[rng.randrange(len(PERSON_ROLES))]
        gaz["person"].append({"name": f"{first} {surname}", "type": subtype,
                              "aliases": [f"{title} {surname}"], "tags": [subtype],
                              "description": phrase})
    acronyms = {}
    for i in range(organizations):
        stem = syllable_name(rng, used)
        subtype, kind = ORG_KINDS[i % len(ORG_KINDS)]
        name = f"{stem} {kind}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        acronyms[acronym] = acronyms.get(acronym, 0) + 1
        gaz["organization"].append({"name": name, "type": subtype, "aliases": [acronym],
                                    "description": f"the {kind.lower()} based in {stem}"})
    for entry in gaz["organization"]:
        # An acronym two organizations share would make the scripted extractor find both.
        entry["aliases"] = [a for a in entry["aliases"] if len(a) >= 3 and acronyms[a] == 1]
    for i in range(locations):
        stem = syllable_name(rng, used)
        subtype, suffix, phrase = LOC_KINDS[i % len(LOC_KINDS)]
        gaz["location"].append({"name": stem + suffix, "type": subtype, "aliases": [],
                                "description": phrase})
    for i in range(events):
        stem = syllable_name(rng, used)
        subtype, kind = EVENT_KINDS[i % len(EVENT_KINDS)]
        month, day = 1 + (i * 5) % 12, 1 + (i * 7) % 28
        gaz["event"].append({"name": f"{stem} {kind}", "type": subtype,
                             "start_date": f"2025-{month:02d}-{day:02d}", "is_fuzzy_date": False,
                             "description": f"the {kind.lower()} over the contamination in {stem}",
                             "tags": [subtype]})
    return gaz


def zipf_sample(rng, entries, k, s=0.9):
    """k distinct entries, entry i drawn with weight 1/(i+1)^s."""
    k = min(k, len(entries))
    weights = [1.0 / (i + 1) ** s for i in range(len(entries))]
    chosen = set()
    while len(chosen) < k:
        chosen.add(rng.choices(range(len(entries)), weights=weights)[0])
    return [entries[i] for i in sorted(chosen)]


def mention(rng, entity_type, entry, first):
    """How one mention reads: the full name with its phrase first, an alias sometimes."""
    name, aliases = entry["name"], entry.get("aliases", [])
    if entity_type == "person":
        if first and rng.random() < 0.12 and aliases:
            return f"{aliases[0]}, {entry['description']},"   # named only by the alias
        if first:
            return f"{name}, {entry['description']},"
        return aliases[0] if aliases and rng.random() < 0.5 else name
    if entity_type == "organization":
        if first:
            acronym = f" ({aliases[0]})" if aliases and rng.random() < 0.5 else ""
            return f"the {name}{acronym}"
        return aliases[0] if aliases and rng.random() < 0.3 else f"the {name}"
    if entity_type == "location":
        return f"{name}, {entry['description']}," if first else name
    return f"the {name}, {entry['description']}," if first else f"the {name}"


def make_article(rng, index, gaz, zipf=0.9):
    picks = []
    for entity_type, low, high in (("person", 2, 5), ("organization", 2, 4), ("location", 1, 3), ("event", 0, 2)):
        for entry in zipf_sample(rng, gaz[entity_type], rng.randint(low, high), zipf):
            picks.append((entity_type, entry))
    rng.shuffle(picks)
    paragraphs = []
    verbs = ["said on Tuesday that", "told reporters that", "confirmed that", "warned that",
             "wrote in a statement that", "argued that"]
    for position, (entity_type, entry) in enumerate(picks):
        subject = mention(rng, entity_type, entry, True)
        other_type, other = picks[(position + 1) % len(picks)]
        sentences = [
            f"{subject[0].upper()}{subject[1:]} was at the centre of the week's developments.",
            rng.choice(FILLER),
            f"A source close to {mention(rng, other_type, other, False)} {rng.choice(verbs)} "
            f"talks with {mention(rng, entity_type, entry, False)} would continue.",
            rng.choice(FILLER),
        ]
        paragraphs.append(" ".join(sentences))
    lead = picks[0][1]["name"]
    title = f"Water crisis: new questions for {lead} ({index + 1})"
    month, day = 1 + index % 12, 1 + (index * 3) % 28
    date = f"2025-{month:02d}-{day:02d}"
    return title, date, "\n\n".join(paragraphs), len(picks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--organizations", type=int, default=70)
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--zipf", type=float, default=0.9,
                        help="popularity exponent: 0.9 gives a few entities in ~40%% of articles; 0 draws uniformly")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gaz = make_gazetteer(rng, args.people, args.organizations, args.locations, args.events)
    os.makedirs(os.path.join(args.out, "articles"), exist_ok=True)
    with open(os.path.join(args.out, "gazetteer.json"), "w") as f:
        json.dump(gaz, f, indent=1, sort_keys=True)
    total = 0
    for i in range(args.articles):
        title, date, body, count = make_article(rng, i, gaz, args.zipf)
        total += count
        stem = os.path.join(args.out, "articles", f"bench-{i:05d}")
        kind = i % 10
        if kind < 7:
            with open(stem + ".md", "w") as f:
                f.write(f"# {title}\n\nPublished: {date}\nID: bench-{i:05d}\n\n{body}\n")
        elif kind < 9:
            with open(stem + ".txt", "w") as f:
                f.write(f"{title}\n\n{body}\n")
        else:
            with open(stem + ".json", "w") as f:
                json.dump({"id": f"bench-{i:05d}", "title": title, "published_date": date,
                           "url": f"https://example.org/bench/{i}", "content": body}, f)
    print(f"wrote {args.articles} articles ({total} entity mentions, {total / max(1, args.articles):.1f} per article) "
          f"and a gazetteer of {sum(len(v) for v in gaz.values())} entities to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
