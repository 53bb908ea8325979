#!/usr/bin/python3
"""oneline.py SIZE_MB OUT: a text protocol export of about SIZE_MB megabytes on one line.

Realistic minutes' phrasing (organ, § label, Dnr, title, Beslut, Sammanfattning av ärendet),
meetings of 40 items each with their own date, § numbers counting on through the year and
restarting with the next year; no line break anywhere, as some re-publishers export a volume.
Reproducible: the same SIZE_MB gives the same bytes.
"""
import random
import sys

TITLES = [
    "Ansökan om bidrag till {soc} i {place}",
    "Detaljplan för {place} etapp {n}",
    "Motion om {subj}",
    "Revidering av taxa för {subj}",
    "Uppföljning av budget {year}",
    "Val av ombud till {soc}",
    "Medborgarförslag om {subj} i {place}",
]
SOCS = ["idrottsförening", "hembygdsförening", "scoutkår", "musikförening", "ridklubb"]
PLACES = ["Norrby", "Söderås", "Bäckby", "Ekbacken", "Hagalund", "Älvsbyn", "Östra hamnen"]
SUBJS = ["skolskjuts", "förskolans lokaler", "äldreomsorgen", "snöröjning", "gatubelysning",
         "renhållningstaxan", "kollektivtrafiken", "vatten och avlopp"]
BODY = [
    "Kommunledningsförvaltningen har berett ärendet och föreslår att kommunstyrelsen beslutar i enlighet med förslaget.",
    "Ärendet har remitterats till berörda nämnder som inte har haft något att invända.",
    "Kostnaden beräknas till {amount} kronor per år under perioden {year}-{year2}.",
    "Finansiering sker via kommunstyrelsens medel som är avsatta för utvecklingsprojekt.",
    "Förvaltningen bedömer att åtgärden ligger i linje med kommunens översiktsplan.",
]


def item(rng, organ, abbr, number, year, serial):
    fill = dict(soc=rng.choice(SOCS), place=rng.choice(PLACES), subj=rng.choice(SUBJS),
                n=rng.randint(1, 9), year=year, year2=year + 2,
                amount=f"{rng.randint(10, 900)} 000")
    title = rng.choice(TITLES).format(**fill)
    body = " ".join(rng.choice(BODY).format(**fill) for _ in range(rng.randint(2, 5)))
    return (f"{abbr} § {number} Dnr {abbr} {year}/{serial:04d} {title} Sammanfattning av ärendet {body} "
            f"Beslut {organ} beslutar att bifalla förslaget. ")


def main():
    size = int(float(sys.argv[1]) * 1024 * 1024)
    rng = random.Random(23)
    out = []
    total = 0
    year, number, meeting = 1990, 0, 0
    while total < size:
        if number % 40 == 0:
            meeting += 1
            if meeting % 11 == 0:
                year, number = year + 1, 0
            month = 1 + meeting % 11
            head = (f"Kommunstyrelsen Sammanträdesprotokoll Sammanträdesdatum {year}-{month:02d}-14 "
                    f"Plats och tid Kommunhuset kl. 13.00-16.00 Beslutande Anna Berg (S), ordförande, "
                    f"Per Lind (M) Justerare Per Lind ")
            out.append(head)
            total += len(head.encode())
        number += 1
        s = item(rng, "Kommunstyrelsen", "Ks", number, year, number * 3 + 7)
        out.append(s)
        total += len(s.encode())
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("".join(out).rstrip() + "\n")


main()
