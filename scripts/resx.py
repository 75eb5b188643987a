#!/usr/bin/env python3
"""Adds or updates strings in src/Portico.Web/Resources/SharedResource{,.ja}.resx.

Usage: scripts/resx.py KEY "English text" "日本語テキスト" [KEY EN JA ...]
Keeps both files sorted by key so concurrent additions merge cleanly.
"""
import sys, os, re
from xml.sax.saxutils import escape

ROOT = os.path.join(os.path.dirname(__file__), '..', 'src', 'Portico.Web', 'Resources')
HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
ENTRY = re.compile(r'<data name="([^"]+)" xml:space="preserve">\s*<value>(.*?)</value>\s*</data>', re.S)

def load(path):
    if not os.path.exists(path):
        return {}
    return {k: v for k, v in ENTRY.findall(open(path, encoding='utf-8').read())}

def save(path, entries):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        for k in sorted(entries):
            f.write(f'  <data name="{k}" xml:space="preserve">\n    <value>{entries[k]}</value>\n  </data>\n')
        f.write('</root>\n')

def main(args):
    if len(args) % 3 != 0 or not args:
        sys.exit(__doc__)
    en_path = os.path.join(ROOT, 'SharedResource.resx')
    ja_path = os.path.join(ROOT, 'SharedResource.ja.resx')
    en, ja = load(en_path), load(ja_path)
    for i in range(0, len(args), 3):
        key, e, j = args[i:i + 3]
        en[key] = escape(e)
        ja[key] = escape(j)
    save(en_path, en)
    save(ja_path, ja)

if __name__ == '__main__':
    main(sys.argv[1:])
