"""What a word is: one pattern shared by the parser and the editor's word cursor.

Its own module, so the editor can place its cursor on the text it shows at start-up without
first importing the parser (and its marker patterns): the first paint waits for no import it
does not need.
"""

from __future__ import annotations

import re

#: A word: letters/digits, with inner apostrophes or hyphens (``don't``, ``sub-regional``).
WORD = re.compile(r"\w+(?:['’\-]\w+)*")
