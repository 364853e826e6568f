"""Everything about the English edition's words, in one package:

- `languages`: the language a page is written in (`Language`), given to pages, charts, claims and
  formatters, with the library's words looked up in the catalogue (`lang._("合计")`);
- `catalogue`: `style/locale/en.po`, read once and strictly, checked before any notebook runs;
- `cells`: the notebooks' and Markdown pages' English beside the Chinese it translates (pairing, an
  edition's cells, what is untranslated or outdated);
- `cases`: the book's English rendering of the case studies (`style/locale/cases.en.csv`);
- `report`: what a translator still has to do (`shuanggao translations`) and the catalogue's update. It reads
  the whole book, so it alone sits at the top of the library (nothing imports it but the command line).
"""
from .languages import CHINESE, LANGUAGES, N_, Language, language

__all__ = ["CHINESE", "LANGUAGES", "Language", "N_", "language"]
